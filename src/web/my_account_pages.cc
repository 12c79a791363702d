#include "web/my_account_pages.h"

#include "mail/account_email.h"
#include "payments/payment_flow.h"
#include "store/account_links.h"
#include "store/accounts.h"
#include "store/address.h"
#include "store/addresses.h"
#include "store/orders.h"
#include "store/personal_data.h"
#include "util/log.h"
#include "util/money.h"
#include "util/password.h"
#include "util/text.h"
#include "view/address_values.h"
#include "view/page.h"
#include "web/account_pages.h"
#include "web/visitor.h"

namespace reserva::web {
namespace {

http::response to_login() { return http::redirect(302, "/login/?next=/account/"); }

// What the page says after an action: a notice section, or an error under one of the forms.
struct outcome {
    std::string notice;      // section name, e.g. "PASSWORD_CHANGED"
    std::string form;        // "PASSWORD", "EMAIL" or "DELETE": the form the error belongs to
    std::string error;
    int status = 200;
};

http::response account_page(context& ctx, visitor& who, const outcome& shown) {
    view::page page("account.tpl", "My account");
    who.fill_layout(page);
    auto& body = page.body();
    body.SetValue("CSRF_TOKEN", who.csrf_token());
    body.SetValue("EMAIL", who.email());
    if (!shown.notice.empty()) body.ShowSection(shown.notice);
    if (!shown.error.empty()) body.AddSectionDictionary(shown.form + "_ERROR")->SetValue("MESSAGE", shown.error);
    auto addresses = store::list_addresses(ctx.database, who.client_id());
    if (addresses.empty()) body.ShowSection("NO_ADDRESSES");
    for (auto& saved : addresses) view::fill_address_values(*body.AddSectionDictionary("ADDRESS"), saved.fields);
    auto orders = store::finished_orders(ctx.database, who.client_id());
    if (orders.empty()) body.ShowSection("NO_ORDERS");
    for (auto& order : orders) {
        auto* row = body.AddSectionDictionary("ORDER");
        row->SetIntValue("ORDER_ID", order.id);
        row->SetValue("FINISHED_AT", order.finished_at);
        row->SetValue("TOTAL", format_brl(order.total));
        row->SetValue("UNITS", count_of(static_cast<std::int64_t>(order.lines.size()), "line", "lines"));
    }
    return who.finish(with_status(http::html(page.render()), shown.status));
}

// The shopper's own password, checked like a sign-in (same throttle): "" when right, else what to say.
std::string wrong_password(context& ctx, visitor& who, const http::request& req, int& wait_seconds) {
    std::string password = req.param("current_password");
    if (password.empty()) password = req.param("password");
    if (password.empty() || password.size() > 200) return "Please type your current password.";
    auto attempt = store::check_login(ctx.database, who.email(), password, req.remote_address());
    wait_seconds = attempt.wait_seconds;
    if (attempt.result == store::login_attempt::kind::throttled)
        return "Too many wrong passwords. Please wait " + describe_wait(attempt.wait_seconds) + " and try again.";
    if (attempt.result != store::login_attempt::kind::ok || attempt.client_id != who.client_id())
        return "That is not your current password. Nothing was changed.";
    return "";
}

http::response refused(context& ctx, visitor& who, const std::string& form, const std::string& message, int wait) {
    auto r = account_page(ctx, who, {"", form, message, wait ? 429 : 400});
    if (wait) r.add_header("Retry-After", std::to_string(wait));
    return r;
}

http::response change_password(context& ctx, http::request& req) {
    visitor who(ctx, req);
    if (!who.signed_in()) return who.finish(to_login());
    std::string password = req.param("new_password");
    if (password.size() < 8 || password.size() > 200)
        return refused(ctx, who, "PASSWORD", "The new password needs 8 to 200 characters.", 0);
    int wait = 0;
    if (auto problem = wrong_password(ctx, who, req, wait); !problem.empty()) return refused(ctx, who, "PASSWORD", problem, wait);
    store::change_password(ctx.database, who.client_id(), hash_password(password), who.login_token());
    mail::queue_password_changed_notice(ctx.database, who.email(), ctx.settings.base_url);
    log_line("account " + std::to_string(who.client_id()) + ": password changed; other sessions ended");
    return account_page(ctx, who, {"PASSWORD_CHANGED", "", "", 200});
}

http::response change_email(context& ctx, http::request& req) {
    visitor who(ctx, req);
    if (!who.signed_in()) return who.finish(to_login());
    std::string email = req.param("new_email");
    if (auto problem = store::validate_email(email); !problem.empty()) return refused(ctx, who, "EMAIL", problem, 0);
    if (email == who.email()) return refused(ctx, who, "EMAIL", "That is already the address of your account.", 0);
    int wait = 0;
    if (auto problem = wrong_password(ctx, who, req, wait); !problem.empty()) return refused(ctx, who, "EMAIL", problem, wait);
    auto token = store::create_email_change_link(ctx.database, who.client_id(), email);
    mail::queue_email_change_email(ctx.database, email, ctx.settings.base_url, token);
    return account_page(ctx, who, {"EMAIL_LINK_SENT", "", "", 200});
}

http::response email_link_page(visitor& who, const std::string& token, const std::string& new_email,
                               const std::string& section, int status) {
    view::page page("account_email_confirm.tpl", "Confirm your new e-mail address");
    who.mark_personal();
    who.fill_layout(page);
    auto* shown = page.body().AddSectionDictionary(section);
    shown->SetValue("CSRF_TOKEN", who.csrf_token());
    shown->SetValue("TOKEN", token);
    shown->SetValue("NEW_EMAIL", new_email);
    page.body().SetIntValue("VALID_MINUTES", store::link_valid_minutes);
    return who.finish(with_status(http::html(page.render()), status));
}

// A GET only shows a button: mail scanners open links, and must not change an account by it.
http::response show_email_link(context& ctx, http::request& req) {
    visitor who(ctx, req);
    std::string token = link_token(req);
    auto link = token.empty() ? std::nullopt : store::find_email_change_link(ctx.database, token);
    if (!link) return email_link_page(who, "", "", "DEAD", 410);
    return email_link_page(who, token, link->new_email, "CONFIRM", 200);
}

http::response use_email_link(context& ctx, http::request& req) {
    visitor who(ctx, req);
    std::string token = link_token(req);
    store::link_account account;
    auto result = token.empty() ? store::email_change_result::not_live
                                : store::use_email_change_link(ctx.database, token, account);
    if (result == store::email_change_result::not_live) return email_link_page(who, "", "", "DEAD", 410);
    if (result == store::email_change_result::taken) return email_link_page(who, "", account.new_email, "TAKEN", 409);
    mail::queue_email_changed_notice(ctx.database, account.email, account.new_email, ctx.settings.base_url);
    log_line("account " + std::to_string(account.client_id) + ": e-mail changed by a confirmed link");
    return email_link_page(who, "", account.new_email, "CHANGED", 200);
}

http::response my_data(context& ctx, http::request& req) {
    visitor who(ctx, req);
    if (!who.signed_in()) return who.finish(http::redirect(302, "/login/?next=/account/data.json"));
    http::response r;
    r.content_type = "application/json; charset=utf-8";
    r.body = store::personal_data_json(ctx.database, who.client_id(), who.login_token());
    r.add_header("Content-Disposition", "attachment; filename=\"reserva-my-data.json\"");
    return who.finish(r);
}

http::response delete_account(context& ctx, http::request& req) {
    visitor who(ctx, req);
    if (!who.signed_in()) return who.finish(to_login());
    int wait = 0;
    if (auto problem = wrong_password(ctx, who, req, wait); !problem.empty()) return refused(ctx, who, "DELETE", problem, wait);
    std::int64_t client_id = who.client_id();
    auto done = store::delete_account(ctx.database, client_id);
    ctx.payments.expire_links(done.links);
    log_line("account " + std::to_string(client_id) + ": deleted by its owner (" + std::to_string(done.orders_stripped) +
             " orders kept without personal data, " + std::to_string(done.addresses_removed) + " addresses removed)");
    who.sign_out(req);
    view::page page("account_deleted.tpl", "Your account is deleted");
    who.fill_layout(page);
    if (done.orders_stripped) {
        auto* kept = page.body().AddSectionDictionary("ANY_ORDERS");
        kept->SetValue("ORDERS_KEPT", count_of(done.orders_stripped, "past order", "past orders"));
    }
    return who.finish(http::html(page.render()));
}

}  // namespace

void add_my_account_routes(http::router& routes, context& ctx) {
    routes.add("GET", "/account/", [&ctx](http::request& req) {
        visitor who(ctx, req);
        if (!who.signed_in()) return who.finish(to_login());
        return account_page(ctx, who, {});
    });
    routes.add("GET", "/account/data.json", [&ctx](http::request& req) { return my_data(ctx, req); });
    routes.add("POST", "/account/password", [&ctx](http::request& req) { return change_password(ctx, req); });
    routes.add("POST", "/account/email", [&ctx](http::request& req) { return change_email(ctx, req); });
    routes.add("GET", "/account/email/{token}/", [&ctx](http::request& req) { return show_email_link(ctx, req); });
    routes.add("POST", "/account/email/{token}/", [&ctx](http::request& req) { return use_email_link(ctx, req); });
    routes.add("POST", "/account/delete", [&ctx](http::request& req) { return delete_account(ctx, req); });
}

}  // namespace reserva::web
