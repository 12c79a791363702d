#include "admin/staff_identity.h"

#include <openssl/crypto.h>

#include "util/random.h"

namespace reserva::admin {
namespace {

bool is_token(const std::string& value) {
    if (value.size() != 32) return false;
    for (char c : value)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

bool same_token(const std::string& expected, const std::string& given) {
    return is_token(expected) && given.size() == expected.size() &&
           CRYPTO_memcmp(expected.data(), given.data(), expected.size()) == 0;
}

}  // namespace

staff_identity::staff_identity(context& ctx, const http::request& req) : ctx_(ctx) {
    sign_in_token_ = req.cookie(sign_in_cookie);
    std::string token = req.cookie(staff_cookie);
    if (!is_token(token)) return;
    session_ = store::find_staff_session(ctx_.database, token, ctx_.settings.admin_session_idle_minutes);
    if (session_) token_ = token;
    else add_cookie(staff_cookie, "", 0);  // ended or idle too long: the browser forgets it
}

const std::string& staff_identity::csrf_token() {
    if (session_) return session_->csrf_token;
    if (!is_token(sign_in_token_)) {
        sign_in_token_ = random_hex(16);
        add_cookie(sign_in_cookie, sign_in_token_, 3600);
    }
    return sign_in_token_;
}

bool staff_identity::csrf_valid(const http::request& req) const {
    return same_token(session_ ? session_->csrf_token : sign_in_token_, req.param("csrf_token"));
}

void staff_identity::start_session(std::int64_t staff_id, bool enrolling) {
    if (session_) store::end_staff_session(ctx_.database, token_);
    token_ = store::create_staff_session(ctx_.database, staff_id, enrolling);
    session_ = store::find_staff_session(ctx_.database, token_, ctx_.settings.admin_session_idle_minutes);
    // A session cookie (no Max-Age): the server decides when it ends.
    add_cookie(staff_cookie, token_, -1);
    add_cookie(sign_in_cookie, "", 0);
}

void staff_identity::finish_enrolment() {
    token_ = store::replace_staff_session(ctx_.database, token_, false);
    session_ = store::find_staff_session(ctx_.database, token_, ctx_.settings.admin_session_idle_minutes);
    add_cookie(staff_cookie, token_, -1);
}

void staff_identity::end_session() {
    if (session_) store::end_staff_session(ctx_.database, token_);
    session_.reset();
    token_.clear();
    add_cookie(staff_cookie, "", 0);
}

void staff_identity::add_cookie(const std::string& name, const std::string& value, int max_age_seconds) {
    std::string cookie = name + "=" + value + "; Path=/admin/; HttpOnly; SameSite=Strict";
    if (max_age_seconds >= 0) cookie += "; Max-Age=" + std::to_string(max_age_seconds);
    if (ctx_.settings.base_url.rfind("https://", 0) == 0) cookie += "; Secure";
    cookies_.push_back(cookie);
}

http::response staff_identity::finish(http::response r) const {
    for (auto& cookie : cookies_) r.add_header("Set-Cookie", cookie);
    return r;
}

}  // namespace reserva::admin
