#include "http/request.h"

#include <cgicc/CgiEnvironment.h>
#include <cgicc/CgiInput.h>
#include <cgicc/Cgicc.h>
#include <cgicc/HTTPCookie.h>

#include <strings.h>

#include <cctype>
#include <cstdint>

#include "util/text.h"

namespace reserva::http {
namespace {

// The body cgicc will read must be announced and small; cgicc itself would trust any length.
void check_content_length(cgicc::CgiInput& input) {
    std::string length = input.getenv("CONTENT_LENGTH");
    if (length.empty()) return;
    auto value = parse_int64(length);
    if (!value || *value < 0) throw bad_request(400, "The Content-Length header is not a number.");
    if (static_cast<std::uint64_t>(*value) > max_body_bytes)
        throw bad_request(413, "The request body is larger than this store accepts.");
}

// cgicc turns "%zz" into some other character without a word; such input is refused instead.
void check_percent_encoding(const std::string& text, const char* where) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') continue;
        if (i + 2 >= text.size() || !std::isxdigit(static_cast<unsigned char>(text[i + 1])) || !std::isxdigit(static_cast<unsigned char>(text[i + 2])))
            throw bad_request(400, std::string("The ") + where + " has a broken %-escape.");
        i += 2;
    }
}

std::string path_of(cgicc::CgiInput& input) {
    std::string uri = input.getenv("REQUEST_URI");
    if (uri.empty()) return input.getenv("SCRIPT_NAME") + input.getenv("PATH_INFO");
    return uri.substr(0, uri.find('?'));
}

std::string header_variable(const std::string& name) {
    std::string variable = "HTTP_";
    for (char c : name) variable += c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return variable;
}

}  // namespace

request::request(cgicc::CgiInput& input) {
    check_content_length(input);
    method_ = input.getenv("REQUEST_METHOD");
    path_ = path_of(input);
    remote_address_ = input.getenv("REMOTE_ADDR");
    if (path_.empty() || path_.front() != '/') throw bad_request(400, "The request path is not valid.");
    for (auto name : {"X-Signature", "X-Request-Id", "Host", "Referer", "Origin"}) {
        std::string value = input.getenv(header_variable(name).c_str());
        if (!value.empty()) headers_[name] = value;
    }

    // cgicc throws plain runtime_errors for input it cannot take (a malformed multipart body, a
    // body shorter than announced): the client's fault, so a 400, never a 500.
    try {
        cgicc::Cgicc cgi(&input);
        const cgicc::CgiEnvironment& env = cgi.getEnvironment();
        query_string_ = env.getQueryString();
        body_ = env.getPostData();
        check_percent_encoding(query_string_, "address");
        if (env.getContentType().rfind("application/x-www-form-urlencoded", 0) == 0) check_percent_encoding(body_, "form");
        for (const auto& entry : cgi.getElements()) params_.emplace(entry.getName(), entry.getValue());
        for (const auto& c : env.getCookieList()) cookies_.emplace(c.getName(), c.getValue());
    } catch (const bad_request&) {
        throw;
    } catch (const std::exception& e) {
        throw bad_request(400, std::string("The request could not be read: ") + e.what());
    }
}

std::string request::param(const std::string& name) const {
    auto found = params_.find(name);
    return found == params_.end() ? std::string() : found->second;
}

bool request::has_param(const std::string& name) const { return params_.count(name) > 0; }

std::string request::cookie(const std::string& name) const {
    auto found = cookies_.find(name);
    return found == cookies_.end() ? std::string() : found->second;
}

std::string request::header(const std::string& name) const {
    for (auto& [key, value] : headers_)
        if (strcasecmp(key.c_str(), name.c_str()) == 0) return value;
    return {};
}

}  // namespace reserva::http
