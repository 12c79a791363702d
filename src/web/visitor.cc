#include "web/visitor.h"

#include <openssl/crypto.h>

#include "store/clients.h"
#include "util/random.h"

namespace reserva::web {

bool looks_like_token(const std::string& value) {
    if (value.size() != 32) return false;
    for (char c : value)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

bool csrf_valid(const http::request& req) {
    std::string cookie = req.cookie(csrf_cookie);
    std::string field = req.param("csrf_token");
    return looks_like_token(cookie) && field.size() == cookie.size() &&
           CRYPTO_memcmp(cookie.data(), field.data(), cookie.size()) == 0;
}

visitor::visitor(context& ctx, const http::request& req) : ctx_(ctx) {
    csrf_token_ = req.cookie(csrf_cookie);
    if (!looks_like_token(csrf_token_)) {
        csrf_token_ = random_hex(16);
        add_cookie(csrf_cookie, csrf_token_, cookie_days * 24 * 3600);
    }
    std::string session = req.cookie(session_cookie);
    // A key the store did not hand out is never adopted: the shopper gets a new one when needed.
    if (!looks_like_token(session)) return;
    if (auto found = store::find_anonymous_shopper(ctx.database, session)) {
        client_id_ = found->client_id;
        open_order_id_ = found->open_order_id;
        cart_units_ = found->cart_units;
    }
}

std::int64_t visitor::ensure_client() {
    if (client_id_) return client_id_;
    std::string key = random_hex(16);
    client_id_ = store::create_anonymous_client(ctx_.database, key);
    add_cookie(session_cookie, key, cookie_days * 24 * 3600);
    return client_id_;
}

void visitor::set_notice(const std::string& code) { add_cookie("notice", code, 60); }

std::string visitor::take_notice(const http::request& req) {
    std::string code = req.cookie("notice");
    if (!code.empty()) add_cookie("notice", "", 0);
    return code;
}

void visitor::fill_layout(view::page& page) const {
    page.layout().SetIntValue("CART_COUNT", cart_units_);
    page.layout().ShowSection("CART_KNOWN");
}

void visitor::add_cookie(const std::string& name, const std::string& value, int max_age_seconds) {
    std::string cookie = name + "=" + value + "; Path=/; Max-Age=" + std::to_string(max_age_seconds) +
                         "; HttpOnly; SameSite=Lax";
    if (ctx_.settings.base_url.rfind("https://", 0) == 0) cookie += "; Secure";
    cookies_.push_back(cookie);
}

http::response visitor::finish(http::response r) const {
    for (auto& cookie : cookies_) r.add_header("Set-Cookie", cookie);
    return r;
}

}  // namespace reserva::web
