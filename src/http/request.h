// One HTTP request as the application sees it: method, path, decoded form and query values,
// cookies, selected headers and the raw body. Parsing is cgicc's; the bytes come from a
// cgicc::CgiInput (FastCGI streams in the server, a fixed map in unit tests).
#pragma once
#include <cstddef>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace cgicc {
class CgiInput;
}

namespace reserva::http {

inline constexpr std::size_t max_body_bytes = 1024 * 1024;
// Back-office uploads (product photos) may be larger; the web server sites allow the same.
inline constexpr std::size_t max_upload_bytes = 10 * 1024 * 1024;

// The largest body the store reads for a request to path: max_upload_bytes under /admin/,
// max_body_bytes elsewhere. A longer body is a 413.
std::size_t body_limit(const std::string& path);

// The request is malformed in a way the client must fix; status is 400 or 413.
class bad_request : public std::runtime_error {
public:
    bad_request(int status, const std::string& message) : std::runtime_error(message), status(status) {}
    int status;
};

// One file of a multipart/form-data body (cgicc's FormFile): the back office's photo and CSV uploads.
struct uploaded_file {
    std::string filename;      // as the browser sent it: never used as a path
    std::string content_type;  // as the browser sent it: never trusted
    std::string data;
};

class request {
public:
    // Reads the whole request from input; throws bad_request.
    explicit request(cgicc::CgiInput& input);

    const std::string& method() const { return method_; }
    const std::string& path() const { return path_; }
    const std::string& query_string() const { return query_string_; }
    const std::string& body() const { return body_; }

    // A form or query value (form first), "" when absent.
    std::string param(const std::string& name) const;
    bool has_param(const std::string& name) const;
    // A cookie's value, "" when absent.
    std::string cookie(const std::string& name) const;
    // One of the headers the store reads (X-Signature, X-Request-Id, Host, Referer, Origin,
    // Sec-Fetch-Site); "" when absent.
    std::string header(const std::string& name) const;
    // The client's address as the web server saw it (REMOTE_ADDR; behind a proxy, what nginx's
    // real_ip module made of X-Forwarded-For); "" when the server passes none.
    const std::string& remote_address() const { return remote_address_; }
    // The file sent in a multipart form's field `name`; nullptr when there is none.
    const uploaded_file* file(const std::string& name) const;

    // Filled by the router: the {name} parts of the matched route.
    std::map<std::string, std::string> path_params;

private:
    std::string method_, path_, query_string_, body_, remote_address_;
    std::multimap<std::string, std::string> params_;
    std::map<std::string, std::string> cookies_;
    std::map<std::string, std::string> headers_;
    std::map<std::string, uploaded_file> files_;
};

}  // namespace reserva::http
