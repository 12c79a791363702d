// Forged-form checks for POSTs, knowing nothing of what the site sells or who its users are.
// Two independent tests, both required:
// - where the request came from: a browser says so in Sec-Fetch-Site and Origin; a POST that a
//   browser marks as sent by another site (a sibling subdomain included) is refused. A client
//   that sends neither (curl, an old browser) passes on the token alone.
// - the form's token: HMAC-SHA256(secret, binding), where the caller chooses the binding (the
//   session id the request's cookies name) and the secret (one all hosts share). A token copied
//   from a cookie, or made for another session, does not match.
#pragma once
#include <string>

#include "http/request.h"

namespace reserva::http::csrf {

inline constexpr const char* field = "csrf_token";

// "https://shop.example.com" from "https://shop.example.com/anything" (scheme and authority).
std::string origin_of(const std::string& url);
// The token a form for this binding carries: 64 lowercase hex digits.
std::string token_for(const std::string& secret, const std::string& binding);

enum class verdict { ok, cross_site, bad_token };
// site_origin: the site's own origin (origin_of its base URL). A request is also same-origin when
// its Origin is that scheme with the Host the request was sent to (a store reached by two names).
verdict check_origin(const request& req, const std::string& site_origin);
// The csrf_token field equals token_for(secret, binding); an empty binding or secret never matches.
bool token_matches(const request& req, const std::string& secret, const std::string& binding);
// Both, origin first.
verdict check(const request& req, const std::string& site_origin, const std::string& secret, const std::string& binding);

}  // namespace reserva::http::csrf
