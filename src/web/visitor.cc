#include "web/visitor.h"

#include "http/csrf.h"
#include "payments/payment_flow.h"
#include "store/accounts.h"
#include "store/clients.h"
#include "store/site_secrets.h"
#include "util/random.h"
#include "util/text.h"
#include "view/names.h"

namespace reserva::web {

namespace names = view::names;

bool looks_like_token(const std::string& value) {
    if (value.size() != 32) return false;
    for (char c : value)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

std::string cookie_name(const config& settings, const char* name) {
    return starts_with(settings.base_url, "https://") ? std::string("__Host-") + name : std::string(name);
}

std::string csrf_binding(const config& settings, const http::request& req) {
    std::string login = req.cookie(cookie_name(settings, login_cookie));
    if (looks_like_token(login)) return "login:" + login;
    std::string browser = req.cookie(cookie_name(settings, csrf_cookie));
    return looks_like_token(browser) ? "visitor:" + browser : std::string();
}

const std::string& csrf_secret(context& ctx) { return store::site_secret(ctx.database, "csrf"); }

visitor::visitor(context& ctx, const http::request& req) : ctx_(ctx) { identify(req, nullptr); }

visitor::visitor(context& ctx, const http::request& req, with_cart_t) : ctx_(ctx) { identify(req, &cart_); }

void visitor::identify(const http::request& req, store::cart* cart) {
    store::shopper_lines with_lines{cart ? *cart : cart_, ctx_.database, ctx_.caches.catalog};
    store::shopper_lines* lines = cart ? &with_lines : nullptr;
    std::string browser = req.cookie(cookie_name(ctx_.settings, csrf_cookie));
    if (!looks_like_token(browser)) {
        browser = random_hex(16);
        add_cookie(csrf_cookie, browser, cookie_days * 24 * 3600);
    }
    csrf_binding_ = "visitor:" + browser;
    std::string login = req.cookie(cookie_name(ctx_.settings, login_cookie));
    if (looks_like_token(login)) {
        if (auto account = store::find_signed_in_shopper(ctx_.database, login, lines)) {
            client_id_ = account->state.client_id;
            open_order_id_ = account->state.open_order_id;
            cart_units_ = account->state.cart_units;
            catalog_version_ = account->state.catalog_version;
            email_ = account->email;
            name_ = account->name;
            login_token_ = login;
            signed_in_ = true;
            csrf_binding_ = "login:" + login;
            return;
        }
        // An ended session (signed out elsewhere, expired): dropped, so that the next POST is
        // checked against the browser id, as the forms of this answer are.
        add_cookie(login_cookie, "", 0);
    }
    std::string session = req.cookie(cookie_name(ctx_.settings, session_cookie));
    // A key the store did not hand out is never adopted: the shopper gets a new one when needed.
    if (!looks_like_token(session)) return;
    if (auto found = store::find_anonymous_shopper(ctx_.database, session, lines)) {
        client_id_ = found->client_id;
        open_order_id_ = found->open_order_id;
        cart_units_ = found->cart_units;
        catalog_version_ = found->catalog_version;
    }
}

std::int64_t visitor::ensure_client() {
    if (client_id_) return client_id_;
    std::string key = random_hex(16);
    client_id_ = store::create_anonymous_client(ctx_.database, key);
    add_cookie(session_cookie, key, cookie_days * 24 * 3600);
    return client_id_;
}

void visitor::sign_in(std::int64_t account_client_id) {
    if (client_id_ && !signed_in_ && client_id_ != account_client_id)
        ctx_.payments.expire_links(store::merge_anonymous_cart(ctx_.database, client_id_, account_client_id));
    if (!login_token_.empty()) store::delete_session(ctx_.database, login_token_);
    login_token_ = store::create_session(ctx_.database, account_client_id, cookie_days);
    add_cookie(login_cookie, login_token_, cookie_days * 24 * 3600);
    add_cookie(session_cookie, "", 0);
    new_browser_id();  // the tokens of the anonymous forms die with the anonymous binding
    csrf_binding_ = "login:" + login_token_;
    client_id_ = account_client_id;
    signed_in_ = true;
}

void visitor::sign_out(const http::request& req) {
    std::string login = req.cookie(cookie_name(ctx_.settings, login_cookie));
    if (looks_like_token(login)) store::delete_session(ctx_.database, login);
    add_cookie(login_cookie, "", 0);
    new_browser_id();
    login_token_.clear();
    client_id_ = 0;
    signed_in_ = false;
}

void visitor::new_browser_id() {
    std::string id = random_hex(16);
    add_cookie(csrf_cookie, id, cookie_days * 24 * 3600);
    csrf_binding_ = "visitor:" + id;
}

std::string visitor::csrf_token() const { return http::csrf::token_for(csrf_secret(ctx_), csrf_binding_); }

void visitor::set_notice(const std::string& code) { add_cookie(notice_cookie, code, 60); }

std::string visitor::take_notice(const http::request& req) {
    std::string code = req.cookie(cookie_name(ctx_.settings, notice_cookie));
    if (!code.empty()) add_cookie(notice_cookie, "", 0);
    return code;
}

void visitor::fill_layout(view::page& page) const {
    page.layout().SetIntValue(names::CART_COUNT, cart_units_);
    page.layout().ShowSection(names::CART_KNOWN);
    page.layout().SetValue(names::CSRF_TOKEN, csrf_token());
    if (signed_in_) page.layout().AddSectionDictionary(names::SIGNED_IN)->SetValue(names::NAME, name_.empty() ? email_ : name_);
    else page.layout().ShowSection(names::SIGNED_OUT);
}

void visitor::add_cookie(const char* name, const std::string& value, int max_age_seconds) {
    std::string cookie = cookie_name(ctx_.settings, name) + "=" + value + "; Path=/; Max-Age=" + std::to_string(max_age_seconds) +
                         "; HttpOnly; SameSite=Lax";
    if (ctx_.settings.base_url.rfind("https://", 0) == 0) cookie += "; Secure";
    cookies_.push_back(cookie);
}

http::response visitor::finish(http::response r) const {
    for (auto& cookie : cookies_) r.add_header("Set-Cookie", cookie);
    if (personal_ || signed_in_ || client_id_) r.add_header("Cache-Control", "no-store");
    return r;
}

}  // namespace reserva::web
