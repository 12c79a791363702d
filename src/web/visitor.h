// Who sent this request, as far as the store cares: the client (signed in by the login cookie,
// else anonymous by the id_session cookie), its cart's size for the header, and the CSRF token
// its forms must carry. Cookies the answer must set are collected here and added by finish().
//
// The form token is HMAC(site secret, session), src/http/csrf.h. The session it is bound to is
// the sign-in session when there is one, else the browser's own anonymous id (the csrf cookie: a
// random id, not the token). Not the anonymous cart's id_session: a first-time visitor has none
// until its first add to cart, and the forms of the other tabs it opened before must still work.
// Signing in and out draws a new browser id, so every token the browser held before is dead.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "http/request.h"
#include "http/response.h"
#include "store/cart.h"
#include "view/page.h"
#include "web/context.h"

namespace reserva::web {

inline constexpr const char* session_cookie = "id_session";
inline constexpr const char* csrf_cookie = "csrf";
inline constexpr const char* login_cookie = "login";
inline constexpr const char* notice_cookie = "notice";
inline constexpr int cookie_days = 40;

// A cookie's name as the store sets and reads it: under https (base_url https://) with the
// __Host- prefix, which a browser accepts only from a secure page, with Path=/ and no Domain, so
// neither a sibling subdomain nor a plain-HTTP man in the middle can plant it.
std::string cookie_name(const config& settings, const char* name);
// The session a POST's csrf_token must be bound to, from the request's cookies alone (checked
// before any handler runs): "login:" + the sign-in cookie when it has a token's shape, else
// "visitor:" + the browser id; "" when the request has neither.
std::string csrf_binding(const config& settings, const http::request& req);
// The key of the form tokens (sql/008: site_secret 'csrf').
const std::string& csrf_secret(context& ctx);

// Asks a visitor for the cart's lines too (the pages that show the cart): still one query.
struct with_cart_t {};
inline constexpr with_cart_t with_cart{};

class visitor {
public:
    // Reads the cookies; one database query when an id_session cookie is present.
    visitor(context& ctx, const http::request& req);
    // The same, with the cart's lines read by that query (cart(); empty for a new visitor).
    visitor(context& ctx, const http::request& req, with_cart_t);

    std::int64_t client_id() const { return client_id_; }  // 0: not a known client yet
    bool signed_in() const { return signed_in_; }
    const std::string& email() const { return email_; }
    std::int64_t open_order_id() const { return open_order_id_; }
    int cart_units() const { return cart_units_; }
    // The catalog version the visitor's statement read (0: it ran none, the visitor brought no cookie).
    std::int64_t catalog_version() const { return catalog_version_; }
    // The token this visitor's forms carry (bound to its session as the answer leaves it).
    std::string csrf_token() const;
    // The signed-in session's cookie token ("" when not signed in).
    const std::string& login_token() const { return login_token_; }
    // Only with with_cart: the cart as the lookup found it.
    store::cart& cart() { return cart_; }

    // The client, created (with a new id_session cookie) if this is a new anonymous shopper.
    std::int64_t ensure_client();
    // After a successful password check: a brand-new session (never one the browser brought;
    // the session it brought ends), the anonymous cart merged in, the anonymous cookie dropped.
    void sign_in(std::int64_t account_client_id);
    void sign_out(const http::request& req);
    // A one-shot message for the next page (e.g. "stock_limit"), and reading it back.
    void set_notice(const std::string& code);
    std::string take_notice(const http::request& req);
    // The cart changed during this request (e.g. clamped): the header shows the new count.
    void set_cart_units(int units) { cart_units_ = units; }

    // The page shows personal data even to a visitor not signed in (a form with an e-mail).
    void mark_personal() { personal_ = true; }

    // The header's cart count (error pages, made without a visitor, show none).
    void fill_layout(view::page& page) const;
    // Adds the collected Set-Cookie headers, and Cache-Control: no-store to a page about a known
    // client (no shared cache or back button keeps it); every handler's answer goes through here.
    http::response finish(http::response r) const;

private:
    void identify(const http::request& req, store::cart* lines);
    void add_cookie(const char* name, const std::string& value, int max_age_seconds);
    void new_browser_id();
    context& ctx_;
    std::int64_t client_id_ = 0;
    std::int64_t open_order_id_ = 0;
    int cart_units_ = 0;
    std::int64_t catalog_version_ = 0;
    bool signed_in_ = false;
    bool personal_ = false;
    std::string login_token_;
    std::string email_, name_;
    std::string csrf_binding_;
    std::vector<std::string> cookies_;
    store::cart cart_;
};

// 32 lowercase hex digits: the shape of every random token the store hands out.
bool looks_like_token(const std::string& value);

}  // namespace reserva::web
