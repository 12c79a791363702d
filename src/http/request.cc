#include "http/request.h"

#include <cgicc/CgiEnvironment.h>
#include <cgicc/CgiInput.h>
#include <cgicc/Cgicc.h>
#include <cgicc/HTTPCookie.h>

#include <strings.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <optional>

#include "util/text.h"

namespace reserva::http {
namespace {

// The body cgicc will read must be small; cgicc itself would trust any announced length.
void check_content_length(const std::string& length, std::size_t limit) {
    auto value = parse_int64(length);
    if (!value || *value < 0) throw bad_request(400, "The Content-Length header is not a number.");
    if (static_cast<std::uint64_t>(*value) > limit)
        throw bad_request(413, "The request body is larger than this store accepts.");
}

// cgicc reads exactly CONTENT_LENGTH bytes, and none when it is absent. A chunked (streamed)
// body comes that way: Apache's mod_proxy_fcgi passes no CONTENT_LENGTH for it (unless the site
// sets proxy-sendcl), while nginx buffers the body and counts it. This input reads such a body to
// the end of the FastCGI stream first, never more than limit + 1 bytes, and then tells cgicc its
// length; every other variable comes from the real input.
class counted_input : public cgicc::CgiInput {
public:
    counted_input(cgicc::CgiInput& inner, std::size_t limit) : inner_(inner) {
        char chunk[64 * 1024];
        while (body_.size() <= limit) {
            std::size_t n = inner_.read(chunk, std::min(sizeof chunk, limit + 1 - body_.size()));
            if (n == 0) break;
            body_.append(chunk, n);
        }
        if (body_.size() > limit) throw bad_request(413, "The request body is larger than this store accepts.");
    }
    size_t read(char* data, size_t length) override {
        std::size_t n = std::min(length, body_.size() - offset_);
        std::memcpy(data, body_.data() + offset_, n);
        offset_ += n;
        return n;
    }
    std::string getenv(const char* name) override {
        if (std::strcmp(name, "CONTENT_LENGTH") == 0) return std::to_string(body_.size());
        return inner_.getenv(name);
    }

private:
    cgicc::CgiInput& inner_;
    std::string body_;
    std::size_t offset_ = 0;
};

// cgicc turns "%zz" into some other character without a word; such input is refused instead.
void check_percent_encoding(const std::string& text, const char* where) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') continue;
        if (i + 2 >= text.size() || !std::isxdigit(static_cast<unsigned char>(text[i + 1])) || !std::isxdigit(static_cast<unsigned char>(text[i + 2])))
            throw bad_request(400, std::string("The ") + where + " has a broken %-escape.");
        i += 2;
    }
}

// REQUEST_URI is the request line's target. HTTP/1.1 servers must also accept the absolute form
// ("GET http://host/store/ HTTP/1.1", RFC 9112 3.2.2); nginx then passes the path alone, Apache
// the whole URL. The store routes on the path either way.
std::string path_of(cgicc::CgiInput& input) {
    std::string uri = input.getenv("REQUEST_URI");
    if (uri.empty()) return input.getenv("SCRIPT_NAME") + input.getenv("PATH_INFO");
    uri = uri.substr(0, uri.find('?'));
    for (const char* scheme : {"http://", "https://"}) {
        std::size_t length = std::strlen(scheme);
        if (uri.size() < length || strncasecmp(uri.c_str(), scheme, length) != 0) continue;
        std::size_t slash = uri.find('/', length);
        return slash == std::string::npos ? "/" : uri.substr(slash);
    }
    return uri;
}

std::string header_variable(const std::string& name) {
    std::string variable = "HTTP_";
    for (char c : name) variable += c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return variable;
}

}  // namespace

std::size_t body_limit(const std::string& path) {
    return path.rfind("/admin/", 0) == 0 ? max_upload_bytes : max_body_bytes;
}

request::request(cgicc::CgiInput& raw_input) {
    method_ = raw_input.getenv("REQUEST_METHOD");
    path_ = path_of(raw_input);
    if (path_.empty() || path_.front() != '/') throw bad_request(400, "The request path is not valid.");
    std::string length = raw_input.getenv("CONTENT_LENGTH");
    if (!length.empty()) check_content_length(length, body_limit(path_));
    std::optional<counted_input> counted;
    if (length.empty()) counted.emplace(raw_input, body_limit(path_));
    cgicc::CgiInput& input = counted ? static_cast<cgicc::CgiInput&>(*counted) : raw_input;
    remote_address_ = input.getenv("REMOTE_ADDR").substr(0, 45);  // the longest IPv6 text
    for (auto name : {"X-Signature", "X-Request-Id", "Host", "Referer", "Origin", "Sec-Fetch-Site"}) {
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
        for (const auto& f : cgi.getFiles()) files_.emplace(f.getName(), uploaded_file{f.getFilename(), f.getDataType(), f.getData()});
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

const uploaded_file* request::file(const std::string& name) const {
    auto found = files_.find(name);
    return found == files_.end() ? nullptr : &found->second;
}

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
