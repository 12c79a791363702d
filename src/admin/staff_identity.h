// Who sent a back-office request: the staff session of the "staff" cookie (Path=/admin/,
// HttpOnly, SameSite=Strict, Secure under https), never a shopper's cookie. Cookies the answer
// must set are collected here and added by finish().
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "admin/context.h"
#include "http/request.h"
#include "http/response.h"
#include "store/staff_sessions.h"

namespace reserva::admin {

inline constexpr const char* staff_cookie = "staff";
// Before there is a session, the sign-in form's token is double-submitted through this cookie.
inline constexpr const char* sign_in_cookie = "staff_signin";

class staff_identity {
public:
    // One query when a staff cookie is present.
    staff_identity(context& ctx, const http::request& req);

    bool signed_in() const { return session_ && !session_->enrolling; }
    bool enrolling() const { return session_ && session_->enrolling; }
    bool is_owner() const { return session_ && session_->member.role == store::staff_role::owner; }
    const store::staff_member& member() const { return session_->member; }
    store::actor actor() const { return {session_->member.id, session_->member.email}; }
    // The token this request's forms must carry: the session's, or the sign-in form's.
    const std::string& csrf_token();
    // The POST's csrf_token equals this session's token (or, with no session, the sign-in
    // cookie's), compared in constant time.
    bool csrf_valid(const http::request& req) const;

    // A brand-new session (never one the browser brought); the old one, if any, ends.
    void start_session(std::int64_t staff_id, bool enrolling);
    // Enrolment done: the same person, a new session id with full rights.
    void finish_enrolment();
    void end_session();
    http::response finish(http::response r) const;

private:
    void add_cookie(const std::string& name, const std::string& value, int max_age_seconds);
    context& ctx_;
    std::string token_;
    std::string sign_in_token_;
    std::optional<store::staff_session> session_;
    std::vector<std::string> cookies_;
};

}  // namespace reserva::admin
