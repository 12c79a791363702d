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

// 200 with an HTML body.
response html(std::string body);
// 302/303 to a path inside the site.
response redirect(int status, const std::string& location);
const char* status_reason(int status);
// A small self-contained HTML page: used where no template may be at hand (parse errors, 413).
response plain_error(int status, const std::string& message);
// The CGI response bytes: "Status: ...\r\nheaders\r\n\r\nbody".
std::string serialize(const response& r);
std::string html_escape(const std::string& text);

}  // namespace reserva::http
