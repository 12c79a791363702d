#include "admin/login_pages.h"

#include <ctime>

#include "admin/admin_page.h"
#include "store/staff.h"
#include "store/throttle.h"
#include "util/password.h"
#include "util/text.h"
#include "util/totp.h"
#include "view/qr_code.h"

namespace reserva::admin {
namespace {

struct sign_in_form {
    std::string email, next, error;
    bool ask_code = false;
};

http::response login_page(staff_identity& who, const sign_in_form& form, int status) {
    view::page page("admin_login.tpl", "Sign in", layout_template);
    fill_layout(page, who);
    page.body().SetValue("EMAIL", form.email);
    page.body().SetValue("NEXT", form.next);
    page.body().ShowSection(form.ask_code ? "ASK_CODE" : "CODE_OPTIONAL");
    if (!form.error.empty()) page.body().AddSectionDictionary("ERROR")->SetValue("MESSAGE", form.error);
    return render(page, who, status);
}

// Whether this person must have a second factor before using the back office.
bool needs_second_factor(const config& settings, const store::staff_member& member) {
    if (member.totp_required || settings.admin_require_totp == "all") return true;
    return settings.admin_require_totp == "owner" && member.role == store::staff_role::owner;
}

// A six-digit code from the app, or else a recovery code (xxxxx-xxxxx).
bool second_factor_ok(context& ctx, std::int64_t staff_id, const std::string& code) {
    std::string given(trim(code));
    if (given.size() == totp::digits) return store::accept_totp_code(ctx.database, staff_id, given, std::time(nullptr));
    return given.size() >= 10 && store::accept_recovery_code(ctx.database, staff_id, given);
}

http::response sign_in(context& ctx, http::request& req, staff_identity& who) {
    sign_in_form form{std::string(trim(req.param("email"))), safe_next(req.param("next")), "", false};
    std::string password = req.param("password");
    if (form.email.empty() || form.email.size() > 254 || !valid_utf8(form.email) || password.empty() || password.size() > 200) {
        form.email = valid_utf8(form.email) ? form.email : "";
        form.error = "Enter your e-mail and password.";
        return login_page(who, form, 400);
    }
    // Counted before the password is checked, per (e-mail, address): a guesser elsewhere slows
    // down only their own address, never the owner's.
    std::string attempt = store::throttle::pair_key(form.email, req.remote_address());
    if (int wait = store::throttle::count_attempt(ctx.database, store::throttle::staff_sign_in, attempt)) {
        form.error = "Too many failed attempts from here. Wait " + std::to_string(wait) + " seconds and try again.";
        auto r = login_page(who, form, 429);
        r.add_header("Retry-After", std::to_string(wait));
        return r;
    }
    auto account = store::credentials_for(ctx.database, form.email);
    bool password_ok = false;
    try {
        password_ok = account ? verify_password(password, account->password_hash) : (spend_password_time(password), false);
    } catch (const password_busy&) {
        // Not checked at all (the answer is a 503): the owner's retry must not cost an attempt.
        store::throttle::give_back(ctx.database, store::throttle::staff_sign_in, attempt);
        throw;
    }
    if (!password_ok) {
        form.error = "E-mail or password is not right.";
        return login_page(who, form, 400);
    }
    if (!account->totp_secret.empty()) {
        std::string code = req.param("totp");
        if (code.empty() || !second_factor_ok(ctx, account->member.id, code)) {
            form.ask_code = true;
            form.error = code.empty() ? "Enter the 6-digit code from your authenticator app."
                                      : "That code is not right, or was used already. Wait for the next one.";
            return login_page(who, form, 400);
        }
    }
    store::throttle::clear(ctx.database, store::throttle::staff_sign_in, attempt);
    bool enrol = account->totp_secret.empty() && needs_second_factor(ctx.settings, account->member);
    who.start_session(account->member.id, enrol);
    if (enrol) return who.finish(http::redirect(303, "/admin/enrol/?next=" + url_encode(form.next)));
    return who.finish(http::redirect(303, form.next));
}

http::response enrol_page(context& ctx, staff_identity& who, const std::string& next, const std::string& error, int status) {
    std::string secret = store::begin_totp_enrolment(ctx.database, who.member().id);
    if (secret.empty()) return who.finish(http::redirect(303, "/admin/"));  // it has one already
    view::page page("admin_enrol.tpl", "Set up your second factor", layout_template);
    fill_layout(page, who);
    std::string uri = totp::provisioning_uri("Reserva", who.member().email, secret);
    page.body().SetValue("QR_DATA_URI", view::qr_code_data_uri(uri));
    page.body().SetValue("SECRET", secret);
    page.body().SetValue("OTPAUTH_URI", uri);
    page.body().SetValue("NEXT", next);
    if (who.enrolling()) page.body().ShowSection("REQUIRED");
    if (!error.empty()) page.body().AddSectionDictionary("ERROR")->SetValue("MESSAGE", error);
    return render(page, who, status);
}

http::response confirm_enrolment(context& ctx, http::request& req, staff_identity& who) {
    std::string next = safe_next(req.param("next"));
    auto codes = store::confirm_totp_enrolment(ctx.database, who.actor(), std::string(trim(req.param("code"))),
                                               std::time(nullptr));
    if (!codes) return enrol_page(ctx, who, next, "That code is not right. Enter the code your app shows now.", 400);
    if (who.enrolling()) who.finish_enrolment();
    view::page page("admin_recovery_codes.tpl", "Your recovery codes", layout_template);
    fill_layout(page, who);
    for (auto& code : *codes) page.body().AddSectionDictionary("CODE")->SetValue("VALUE", code);
    page.body().SetValue("NEXT", next);
    return render(page, who);
}

}  // namespace

void add_login_routes(application& app, context& ctx) {
    app.add("GET", "/admin/login/", access::anyone, [](http::request& req, staff_identity& who) {
        if (who.signed_in()) return who.finish(http::redirect(303, safe_next(req.param("next"))));
        return login_page(who, {"", safe_next(req.param("next")), "", false}, 200);
    });
    app.add("POST", "/admin/login/", access::anyone,
            [&ctx](http::request& req, staff_identity& who) { return sign_in(ctx, req, who); });
    app.add("POST", "/admin/logout/", access::enrolling, [](http::request&, staff_identity& who) {
        who.end_session();
        return who.finish(http::redirect(303, "/admin/login/"));
    });
    app.add("GET", "/admin/enrol/", access::enrolling, [&ctx](http::request& req, staff_identity& who) {
        return enrol_page(ctx, who, safe_next(req.param("next")), "", 200);
    });
    app.add("POST", "/admin/enrol/", access::enrolling,
            [&ctx](http::request& req, staff_identity& who) { return confirm_enrolment(ctx, req, who); });
}

}  // namespace reserva::admin
