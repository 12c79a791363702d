// What a handler answers: status, headers and body, written to FastCGI by the server.
#pragma once
#include <string>
#include <utility>
#include <vector>

namespace reserva::http {

struct response {
    int status = 200;
    std::string content_type = "text/html; charset=utf-8";
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;

    void add_header(std::string name, std::string value) { headers.emplace_back(std::move(name), std::move(value)); }
};

// Sent with every answer, so that a site served by any web server has them (nginx hides these
// copies and adds its own, for its static files too). The policy is what the shop's pages need:
// their own styles, scripts and images (photos may be data: URLs), nothing framed, no plugins.
inline constexpr std::pair<const char*, const char*> security_headers[] = {
    {"X-Content-Type-Options", "nosniff"},
    {"X-Frame-Options", "DENY"},
    {"Referrer-Policy", "same-origin"},
    {"Content-Security-Policy",
     "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'"},
};

// 200 with an HTML body.
response html(std::string body);
// 302/303 to a path inside the site; a location with a line break is refused (a 500 page).
response redirect(int status, const std::string& location);
const char* status_reason(int status);
// A small self-contained HTML page: used where no template may be at hand (parse errors, 413).
response plain_error(int status, const std::string& message);
// The CGI response bytes: "Status: ...\r\nheaders\r\n\r\nbody", the security headers
// included; a header whose name or value has a line break is left out.
std::string serialize(const response& r);
std::string html_escape(const std::string& text);

}  // namespace reserva::http
