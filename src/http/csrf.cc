#include "http/csrf.h"

#include <strings.h>

#include "util/digest.h"

namespace reserva::http::csrf {

std::string origin_of(const std::string& url) {
    auto scheme_end = url.find("://");
    if (scheme_end == std::string::npos) return {};
    auto path = url.find('/', scheme_end + 3);
    return path == std::string::npos ? url : url.substr(0, path);
}

std::string token_for(const std::string& secret, const std::string& binding) {
    return hmac_sha256_hex(secret, "csrf:" + binding);
}

verdict check_origin(const request& req, const std::string& site_origin) {
    // Sec-Fetch-Site is set by the browser and cannot be forged by a page: "same-site" is a
    // sibling subdomain, which is exactly the planted-cookie attacker. "none" is a request the
    // user made directly (the address bar), never a page's.
    std::string fetch_site = req.header("Sec-Fetch-Site");
    if (!fetch_site.empty() && strcasecmp(fetch_site.c_str(), "same-origin") != 0 &&
        strcasecmp(fetch_site.c_str(), "none") != 0)
        return verdict::cross_site;
    std::string origin = req.header("Origin");
    if (origin.empty()) return verdict::ok;  // no browser told us; the token decides
    if (strcasecmp(origin.c_str(), site_origin.c_str()) == 0) return verdict::ok;
    auto scheme_end = site_origin.find("://");
    std::string host = req.header("Host");
    if (scheme_end != std::string::npos && !host.empty() &&
        strcasecmp(origin.c_str(), (site_origin.substr(0, scheme_end + 3) + host).c_str()) == 0)
        return verdict::ok;
    return verdict::cross_site;  // another site, or "null" (a sandboxed frame, a data: page)
}

bool token_matches(const request& req, const std::string& secret, const std::string& binding) {
    if (secret.empty() || binding.empty()) return false;
    return equal_in_constant_time(req.param(field), token_for(secret, binding));
}

verdict check(const request& req, const std::string& site_origin, const std::string& secret, const std::string& binding) {
    if (auto where = check_origin(req, site_origin); where != verdict::ok) return where;
    return token_matches(req, secret, binding) ? verdict::ok : verdict::bad_token;
}

}  // namespace reserva::http::csrf
