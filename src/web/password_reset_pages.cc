#include "web/password_reset_pages.h"

#include "mail/account_email.h"
#include "store/account_links.h"
#include "store/address.h"
#include "store/throttle.h"
#include "util/log.h"
#include "util/password.h"
#include "util/text.h"
#include "view/page.h"
#include "web/account_pages.h"
#include "web/visitor.h"

namespace reserva::web {
namespace {

http::response request_form(visitor& who, const std::string& email, const std::string& error, bool sent, int status) {
    view::page page("password_reset.tpl", "Choose a new password");
    who.mark_personal();
    who.fill_layout(page);
    auto& body = page.body();
    body.SetValue("CSRF_TOKEN", who.csrf_token());
    body.SetValue("EMAIL", email);
    body.SetIntValue("VALID_MINUTES", store::link_valid_minutes);
    if (sent) body.ShowSection("SENT");
    else body.ShowSection("FORM");
    if (!error.empty()) body.AddSectionDictionary("ERROR")->SetValue("MESSAGE", error);
    return who.finish(with_status(http::html(page.render()), status));
}

// Known e-mail or not, the same page: only the owner's inbox learns whether there is an account.
// The throttles count every request, known or not, so they say nothing either.
http::response request_link(context& ctx, http::request& req) {
    visitor who(ctx, req);
    std::string email = req.param("email");
    if (auto problem = store::validate_email(email); !problem.empty())
        return request_form(who, valid_utf8(email) ? email : "", problem, false, 400);
    int wait = store::throttle::count_attempt(ctx.database, store::throttle::reset_address, req.remote_address());
    if (!wait) wait = store::throttle::count_attempt(ctx.database, store::throttle::reset_email, email);
    if (wait) {
        auto r = request_form(who, email, "We sent several messages already. Please check your inbox (and spam folder), or wait " +
                                              describe_wait(wait) + " before asking again.", false, 429);
        r.add_header("Retry-After", std::to_string(wait));
        return r;
    }
    store::link_account account;
    if (auto token = store::create_reset_link(ctx.database, email, account))
        mail::queue_reset_email(ctx.database, account.email, ctx.settings.base_url, *token);
    return request_form(who, email, "", true, 200);
}

http::response new_password_form(visitor& who, const std::string& token, bool live, const std::string& error, int status) {
    view::page page("password_reset_new.tpl", live ? "Choose a new password" : "This link is no longer valid");
    who.mark_personal();
    who.fill_layout(page);
    auto& body = page.body();
    if (live) {
        auto* form = body.AddSectionDictionary("FORM");
        form->SetValue("CSRF_TOKEN", who.csrf_token());
        form->SetValue("TOKEN", token);
        if (!error.empty()) form->AddSectionDictionary("ERROR")->SetValue("MESSAGE", error);
    } else {
        body.SetIntValue("VALID_MINUTES", store::link_valid_minutes);
        body.ShowSection("DEAD");
    }
    return who.finish(with_status(http::html(page.render()), status));
}

http::response show_new_password_form(context& ctx, http::request& req) {
    visitor who(ctx, req);
    std::string token = link_token(req);
    bool live = !token.empty() && store::find_reset_link(ctx.database, token);
    return new_password_form(who, token, live, "", live ? 200 : 410);
}

http::response set_new_password(context& ctx, http::request& req) {
    visitor who(ctx, req);
    std::string token = link_token(req);
    if (token.empty() || !store::find_reset_link(ctx.database, token)) return new_password_form(who, token, false, "", 410);
    std::string password = req.param("password");
    if (password.size() < 8 || password.size() > 200)
        return new_password_form(who, token, true, "The password needs 8 to 200 characters.", 400);
    if (req.has_param("password_again") && password != req.param("password_again"))
        return new_password_form(who, token, true, "The two passwords are not the same. Please type them again.", 400);
    auto account = store::use_reset_link(ctx.database, token, hash_password(password));
    if (!account) return new_password_form(who, token, false, "", 410);  // used meanwhile by a parallel request
    log_line("account " + std::to_string(account->client_id) + ": password set by a reset link; every session ended");
    mail::queue_password_changed_notice(ctx.database, account->email, ctx.settings.base_url);
    // This browser, if it was signed in, was one of the sessions that ended.
    if (who.signed_in()) who.sign_out(req);
    who.set_notice("password_saved");
    return who.finish(http::redirect(303, "/login/"));
}

}  // namespace

void add_password_reset_routes(http::router& routes, context& ctx) {
    routes.add("GET", "/password_reset/", [&ctx](http::request& req) {
        visitor who(ctx, req);
        return request_form(who, "", "", false, 200);
    });
    routes.add("POST", "/password_reset/", [&ctx](http::request& req) { return request_link(ctx, req); });
    routes.add("GET", "/password_reset/{token}/", [&ctx](http::request& req) { return show_new_password_form(ctx, req); });
    routes.add("POST", "/password_reset/{token}/", [&ctx](http::request& req) { return set_new_password(ctx, req); });
}

}  // namespace reserva::web
