// reserva::http::request from hostile CGI variables and bodies: query strings, urlencoded and
// multipart forms, cookies, Content-Length, the headers the store reads.
//
// Input: "NAME=value" lines (CGI variables, e.g. REQUEST_URI=/cart/?a=1) up to the first empty
// line, then the body. REQUEST_METHOD defaults to GET; QUERY_STRING defaults to what follows
// '?' in REQUEST_URI; CONTENT_LENGTH defaults to the body's size (as nginx sends it).
#include <strings.h>

#include <cctype>
#include <cstdlib>
#include <cstring>
#include <map>
#include <stdexcept>
#include <string>

#include "fuzz_common.h"
#include "http/request.h"
#include "http/response.h"

using namespace reserva;
using reserva::fuzzing::cgi_input;

namespace {

// What the store should see for HTTP_COOKIE: "a=1; b=2" -> {a: 1, b: 2}, first one wins,
// white space before a name skipped, values taken verbatim (cgicc's rules).
std::map<std::string, std::string> expected_cookies(const std::string& header) {
    std::map<std::string, std::string> out;
    if (header.empty()) return out;
    std::size_t start = 0;
    for (;;) {
        auto end = header.find(';', start);
        std::string piece = header.substr(start, end == std::string::npos ? std::string::npos : end - start);
        auto eq = piece.find('=');
        if (eq != std::string::npos) {
            std::size_t ws = 0;
            while (ws < piece.size() && std::isspace(static_cast<unsigned char>(piece[ws]))) ++ws;
            out.emplace(piece.substr(ws, eq - ws), piece.substr(eq + 1));
        }
        if (end == std::string::npos) break;
        start = end + 1;
    }
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view in = reserva::fuzzing::as_view(data, size);
    std::map<std::string, std::string> vars;
    std::string body;
    auto set = [&](std::string_view name, std::string_view value) {
        vars[reserva::fuzzing::c_string(name)] = reserva::fuzzing::c_string(value);
    };
    for (;;) {
        auto nl = in.find('\n');
        std::string_view line = in.substr(0, nl);
        if (line.empty() || nl == std::string_view::npos) {
            if (nl == std::string_view::npos) {
                // No blank line: the last line is still a variable when it looks like one.
                auto eq = line.find('=');
                if (eq != std::string_view::npos) set(line.substr(0, eq), line.substr(eq + 1));
            } else {
                body = std::string(in.substr(nl + 1));
            }
            break;
        }
        auto eq = line.find('=');
        if (eq != std::string_view::npos) set(line.substr(0, eq), line.substr(eq + 1));
        in.remove_prefix(nl + 1);
    }
    if (!vars.count("REQUEST_METHOD")) vars["REQUEST_METHOD"] = "GET";
    if (!vars.count("QUERY_STRING") && vars.count("REQUEST_URI")) {
        auto& uri = vars["REQUEST_URI"];
        auto q = uri.find('?');
        if (q != std::string::npos) vars["QUERY_STRING"] = uri.substr(q + 1);
    }
    if (!vars.count("CONTENT_LENGTH") && !body.empty()) vars["CONTENT_LENGTH"] = std::to_string(body.size());

    auto var = [&](const char* name) {
        auto found = vars.find(name);
        return found == vars.end() ? std::string() : found->second;
    };
    const std::string method = var("REQUEST_METHOD"), uri = var("REQUEST_URI"), length_text = var("CONTENT_LENGTH");
    const bool is_post = strcasecmp(method.c_str(), "post") == 0;
    // cgicc reads atol(CONTENT_LENGTH) bytes for a POST and throws "I/O error" when fewer come.
    const long announced = std::atol(length_text.c_str());
    const bool short_body = is_post && announced > 0 && static_cast<unsigned long>(announced) > body.size();

    cgi_input input(vars, body);
    try {
        http::request req(input);

        // The path: never empty, always absolute, never with the query.
        FUZZ_CHECK(!req.path().empty() && req.path().front() == '/');
        if (!uri.empty()) {
            // Routed on the path, also for an absolute-form target (http://host/path, as Apache passes it).
            std::string target = uri.substr(0, uri.find('?'));
            for (const char* scheme : {"http://", "https://"}) {
                std::size_t n = std::strlen(scheme);
                if (target.size() < n || strncasecmp(target.c_str(), scheme, n) != 0) continue;
                std::size_t slash = target.find('/', n);
                target = slash == std::string::npos ? "/" : target.substr(slash);
                break;
            }
            FUZZ_CHECK(req.path() == target);
            FUZZ_CHECK(req.path().find('?') == std::string::npos);
        }
        FUZZ_CHECK(req.method() == method);
        FUZZ_CHECK(req.query_string() == var("QUERY_STRING"));
        // An accepted length is a number within the limit ("-0" too: it is zero, and harmless).
        if (!length_text.empty()) {
            bool minus = length_text[0] == '-';
            std::string digits = length_text.substr(minus ? 1 : 0);
            FUZZ_CHECK(reserva::fuzzing::is_digits(digits));
            auto value = std::strtoull(digits.c_str(), nullptr, 10);
            FUZZ_CHECK(value <= http::body_limit(req.path()) && (!minus || value == 0));
        }
        // The body is exactly the announced bytes of a POST; without a length (a chunked body
        // through Apache) all of the input; nothing for other methods.
        if (is_post && length_text.empty()) FUZZ_CHECK(req.body() == body);
        else if (is_post && announced > 0) FUZZ_CHECK(req.body() == body.substr(0, static_cast<std::size_t>(announced)));
        else FUZZ_CHECK(req.body().empty());
        FUZZ_CHECK(req.body().size() <= http::body_limit(req.path()));

        // Headers: the five the store reads, by any case.
        for (auto [name, variable] : {std::pair{"X-Signature", "HTTP_X_SIGNATURE"}, {"X-Request-Id", "HTTP_X_REQUEST_ID"},
                                      {"Host", "HTTP_HOST"}, {"Referer", "HTTP_REFERER"}, {"Origin", "HTTP_ORIGIN"}}) {
            FUZZ_CHECK(req.header(name) == var(variable));
            std::string upper = name;
            for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            FUZZ_CHECK(req.header(upper) == req.header(name));
        }
        FUZZ_CHECK(req.header("Cookie").empty());

        // Cookies: as the header says, and a value never carries a ';' (no cookie smuggling).
        for (auto& [name, value] : expected_cookies(var("HTTP_COOKIE"))) {
            FUZZ_CHECK(req.cookie(name) == value);
            FUZZ_CHECK(req.cookie(name).find(';') == std::string::npos);
        }
        for (auto name : {"id_session", "csrf", "session", ""}) FUZZ_CHECK(req.cookie(name).find(';') == std::string::npos);

        // Parameters: absent means "", present ones are readable.
        for (auto name : {"csrf", "size", "quantity", "data.id", "type", "email", "street", "zip", "next", ""}) {
            std::string value = req.param(name);
            if (!req.has_param(name)) FUZZ_CHECK(value.empty());
        }

        // What a handler may echo comes back escaped.
        auto page = http::plain_error(404, req.path() + " " + req.param("next") + " " + req.cookie("id_session"));
        auto bytes = http::serialize(page);
        auto p = page.body.find("<p>") + 3;
        auto q = page.body.find("</p>", p);
        std::string message = page.body.substr(p, q - p);
        FUZZ_CHECK(message.find_first_of("<>\"'") == std::string::npos);
    } catch (const http::bad_request& e) {
        FUZZ_CHECK(e.status == 400 || e.status == 413);
        // 413: an announced length past the limit, or an unannounced body longer than it.
        if (e.status == 413)
            FUZZ_CHECK((reserva::fuzzing::is_digits(length_text) && length_text.size() > 6) ||
                       (length_text.empty() && body.size() > http::max_body_bytes));
    } catch (const std::runtime_error& e) {
        // Only a body shorter than it was announced may fail this way (the server answers 500;
        // nginx never forwards a short body, so a shopper cannot cause it).
        if (!short_body) {
            std::fprintf(stderr, "unexpected exception from http::request: %s\n", e.what());
            FUZZ_CHECK(!"std::runtime_error from a well-formed FastCGI request");
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "unexpected exception from http::request: %s\n", e.what());
        FUZZ_CHECK(!"std::exception other than bad_request (the server would answer 500)");
    }
    return 0;
}
