#include "http/response.h"

namespace reserva::http {
namespace {

bool has_line_break(const std::string& text) { return text.find_first_of("\r\n") != std::string::npos; }

}  // namespace

response html(std::string body) {
    response r;
    r.body = std::move(body);
    return r;
}

response redirect(int status, const std::string& location) {
    // A line break would end the header and let the rest pose as headers or a body of its own.
    if (has_line_break(location)) return plain_error(500, "This page tried to send you to an address that is not valid.");
    response r;
    r.status = status;
    r.add_header("Location", location);
    r.content_type = "text/plain; charset=utf-8";
    r.body = std::string("Redirecting to ") + location + "\n";
    return r;
}

const char* status_reason(int status) {
    switch (status) {
        case 200: return "OK";
        case 302: return "Found";
        case 303: return "See Other";
        case 400: return "Bad Request";
        case 401: return "Unauthorized";
        case 403: return "Forbidden";
        case 404: return "Not Found";
        case 405: return "Method Not Allowed";
        case 409: return "Conflict";
        case 413: return "Payload Too Large";
        case 429: return "Too Many Requests";
        case 500: return "Internal Server Error";
        case 503: return "Service Unavailable";
        default: return "Unknown";
    }
}

std::string html_escape(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}

response plain_error(int status, const std::string& message) {
    response r;
    r.status = status;
    std::string title = std::to_string(status) + " " + status_reason(status);
    r.body = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + title +
             "</title></head><body><h1>" + title + "</h1><p>" + html_escape(message) +
             "</p><p><a href=\"/store/\">Back to the store</a></p></body></html>\n";
    return r;
}

std::string serialize(const response& r) {
    std::string out;
    out.reserve(r.body.size() + 256);
    out += "Status: " + std::to_string(r.status) + " " + status_reason(r.status) + "\r\n";
    out += "Content-Type: " + r.content_type + "\r\n";
    // nginx can then pass the body on as it is instead of chunking it.
    out += "Content-Length: " + std::to_string(r.body.size()) + "\r\n";
    for (auto& [name, value] : security_headers) out += std::string(name) + ": " + value + "\r\n";
    for (auto& [name, value] : r.headers)
        if (!has_line_break(name) && !has_line_break(value)) out += name + ": " + value + "\r\n";
    out += "\r\n";
    out += r.body;
    return out;
}

}  // namespace reserva::http
