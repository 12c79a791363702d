#include "web/account_pages.h"

#include <cgicc/CgiUtils.h>

#include "mail/account_email.h"
#include "store/accounts.h"
#include "store/addresses.h"
#include "store/orders.h"
#include "util/password.h"
#include "util/text.h"
#include "view/address_values.h"
#include "view/order_status.h"
#include "view/page.h"
#include "web/address_form.h"
#include "web/error_pages.h"
#include "web/cart_view.h"
#include "web/my_account_pages.h"
#include "web/password_reset_pages.h"
#include "web/visitor.h"

namespace reserva::web {
namespace {

constexpr std::size_t min_password = 8;
constexpr std::size_t max_password = 200;

http::response to_login(const std::string& next) { return http::redirect(302, "/login/?next=" + next); }

// `notice`: a section of login.tpl to show (e.g. after a new password was saved).
http::response login_form(visitor& who, const std::string& next, const std::string& email, const std::string& error,
                          int status, const std::string& notice = "") {
    view::page page("login.tpl", "Sign in");
    who.mark_personal();
    who.fill_layout(page);
    page.body().SetValue("CSRF_TOKEN", who.csrf_token());
    page.body().SetValue("NEXT", safe_next(next, "/my_orders/"));
    page.body().SetValue("EMAIL", email);
    if (!error.empty()) page.body().AddSectionDictionary("ERROR")->SetValue("MESSAGE", error);
    if (!notice.empty()) page.body().ShowSection(notice);
    return who.finish(with_status(http::html(page.render()), status));
}

http::response register_form(visitor& who, const http::request& req, const std::string& error, int status) {
    view::page page("register.tpl", "Create an account");
    who.mark_personal();
    who.fill_layout(page);
    page.body().SetValue("CSRF_TOKEN", who.csrf_token());
    page.body().SetValue("NEXT", safe_next(req.param("next"), "/store/"));
    page.body().SetValue("NAME", req.param("name"));
    page.body().SetValue("EMAIL", req.param("email"));
    if (!error.empty()) page.body().AddSectionDictionary("ERROR")->SetValue("MESSAGE", error);
    return who.finish(with_status(http::html(page.render()), status));
}

// Where a registration goes, new e-mail or taken alike: the answer must not tell them apart.
std::string registered_page(const std::string& next) {
    return "/register/?sent=1&next=" + cgicc::form_urlencode(safe_next(next, "/store/"));
}

http::response check_your_email(visitor& who, const http::request& req) {
    view::page page("register_sent.tpl", "Check your e-mail");
    who.mark_personal();
    who.fill_layout(page);
    page.body().SetValue("NEXT", safe_next(req.param("next"), "/store/"));
    return who.finish(http::html(page.render()));
}

http::response register_account(context& ctx, http::request& req) {
    visitor who(ctx, req);
    std::string email = req.param("email");
    std::string name(trim(req.param("name")));
    std::string password = req.param("password");
    if (auto problem = store::validate_email(email); !problem.empty()) return register_form(who, req, problem, 400);
    if (password.size() < min_password || password.size() > max_password)
        return register_form(who, req, "The password needs 8 to 200 characters.", 400);
    if (name.size() > 200 || !valid_utf8(name)) return register_form(who, req, "The name is too long or has characters we cannot store.", 400);
    std::int64_t client_id = 0;
    // Hashed either way, so that a taken e-mail answers in the same time as a new one.
    std::string password_hash = hash_password(password);
    if (store::register_account(ctx.database, email, name, password_hash, client_id) == store::register_result::email_taken) {
        mail::queue_already_registered_email(ctx.database, email, ctx.settings.base_url);
        return who.finish(http::redirect(303, registered_page(req.param("next"))));
    }
    mail::queue_welcome_email(ctx.database, email, ctx.settings.base_url);
    who.sign_in(client_id);
    return who.finish(http::redirect(303, registered_page(req.param("next"))));
}

http::response log_in(context& ctx, http::request& req) {
    visitor who(ctx, req);
    std::string email = req.param("email");
    std::string password = req.param("password");
    std::string next = req.param("next");
    // A malformed address matches no account: answered like any wrong password, in the same time.
    if (!store::validate_email(email).empty() || password.empty() || password.size() > max_password) {
        spend_password_time(password.substr(0, max_password));
        return login_form(who, next, valid_utf8(email) ? email : "", "E-mail or password is not right.", 400);
    }
    auto attempt = store::check_login(ctx.database, email, password, req.remote_address());
    if (attempt.result == store::login_attempt::kind::throttled) {
        auto r = login_form(who, next, email, "Too many sign-in attempts from here. Please wait " +
                                                  describe_wait(attempt.wait_seconds) + " and try again.", 429);
        r.add_header("Retry-After", std::to_string(attempt.wait_seconds));
        return r;
    }
    if (attempt.result == store::login_attempt::kind::wrong)
        return login_form(who, next, email, "E-mail or password is not right.", 400);
    who.sign_in(attempt.client_id);
    return who.finish(http::redirect(303, safe_next(next, "/my_orders/")));
}

http::response log_out(context& ctx, http::request& req) {
    visitor who(ctx, req);
    who.sign_out(req);
    return who.finish(http::redirect(303, "/store/"));
}

http::response my_orders(context& ctx, http::request& req) {
    visitor who(ctx, req);
    if (!who.signed_in()) return who.finish(to_login("/my_orders/"));
    auto orders = store::finished_orders(ctx.database, who.client_id());
    view::page page("my_orders.tpl", "My orders");
    who.fill_layout(page);
    if (orders.empty()) page.body().ShowSection("NONE");
    for (auto& order : orders) {
        auto* block = page.body().AddSectionDictionary("ORDER");
        block->SetIntValue("ORDER_ID", order.id);
        block->SetValue("FINISHED_AT", order.finished_at);
        block->SetValue("TOTAL", format_brl(order.total));
        block->SetIntValue("TOTAL_CENTS", order.total);
        fill_order_lines(*block, order);
        view::fill_order_status(*block, order);
    }
    return who.finish(http::html(page.render()));
}

http::response address_book(context& ctx, visitor& who, const std::string& notice, std::int64_t edit_id,
                            const store::address& form_values, const std::map<std::string, std::string>& errors,
                            int status) {
    view::page page("addresses.tpl", "My addresses");
    who.fill_layout(page);
    auto& body = page.body();
    body.SetValue("CSRF_TOKEN", who.csrf_token());
    if (!notice.empty()) body.ShowSection(notice);
    auto saved = store::list_addresses(ctx.database, who.client_id());
    if (saved.empty()) body.ShowSection("NONE");
    store::address shown = form_values;
    for (auto& address : saved) {
        auto* item = body.AddSectionDictionary("ADDRESS");
        item->SetIntValue("ID", address.id);
        view::fill_address_values(*item, address.fields);
        if (address.id == edit_id && errors.empty()) shown = address.fields;
    }
    bool editing = edit_id != 0;
    body.SetValue("ACTION", editing ? "update" : "add");
    body.SetValue("EDIT_ID", editing ? std::to_string(edit_id) : "");
    body.SetValue("FORM_TITLE", editing ? "Edit the address" : "Add an address");
    fill_address_fields(body, shown, errors);
    return who.finish(with_status(http::html(page.render()), status));
}

http::response addresses_page(context& ctx, http::request& req) {
    visitor who(ctx, req);
    if (!who.signed_in()) return who.finish(to_login("/addresses/"));
    auto edit = parse_id(req.param("edit")).value_or(0);
    if (edit && !store::find_address(ctx.database, who.client_id(), edit)) return who.finish(not_found());
    return address_book(ctx, who, "", edit, {}, {}, 200);
}

http::response change_addresses(context& ctx, http::request& req) {
    visitor who(ctx, req);
    if (!who.signed_in()) return who.finish(to_login("/addresses/"));
    std::string action = req.param("action");
    auto id = parse_id(req.param("address_id")).value_or(0);
    if (action == "delete") {
        if (!store::delete_address(ctx.database, who.client_id(), id)) return who.finish(not_found());
        return address_book(ctx, who, "DELETED", 0, {}, {}, 200);
    }
    if (action != "add" && action != "update") return who.finish(error_page(400, "That is not something this page can do."));
    auto address = read_address(req);
    auto errors = store::validate_address(address);
    if (!errors.empty()) return address_book(ctx, who, "", action == "update" ? id : 0, address, errors, 400);
    if (action == "add") store::add_address(ctx.database, who.client_id(), address);
    else if (!store::update_address(ctx.database, who.client_id(), id, address)) return who.finish(not_found());
    return address_book(ctx, who, "SAVED", 0, {}, {}, 200);
}

}  // namespace

http::response with_status(http::response r, int status) {
    r.status = status;
    return r;
}

std::string link_token(const http::request& req) {
    auto found = req.path_params.find("token");
    return found != req.path_params.end() && looks_like_token(found->second) ? found->second : "";
}

std::string safe_next(const std::string& next, const std::string& fallback) {
    if (next.empty() || next.size() > 500 || next.front() != '/') return fallback;
    if (next.size() > 1 && (next[1] == '/' || next[1] == '\\')) return fallback;  // //host, /\host
    for (unsigned char c : next)
        if (c < 0x20 || c == 0x7f || c == '\\') return fallback;
    return next;
}

void add_account_routes(http::router& routes, context& ctx) {
    routes.add("GET", "/register/", [&ctx](http::request& req) {
        visitor who(ctx, req);
        if (req.param("sent") == "1") return check_your_email(who, req);
        return register_form(who, req, "", 200);
    });
    routes.add("POST", "/register/", [&ctx](http::request& req) { return register_account(ctx, req); });
    routes.add("GET", "/login/", [&ctx](http::request& req) {
        visitor who(ctx, req);
        bool saved = who.take_notice(req) == "password_saved";
        return login_form(who, req.param("next"), "", "", 200, saved ? "PASSWORD_SAVED" : "");
    });
    routes.add("POST", "/login/", [&ctx](http::request& req) { return log_in(ctx, req); });
    routes.add("POST", "/logout/", [&ctx](http::request& req) { return log_out(ctx, req); });
    routes.add("GET", "/my_orders/", [&ctx](http::request& req) { return my_orders(ctx, req); });
    routes.add("GET", "/addresses/", [&ctx](http::request& req) { return addresses_page(ctx, req); });
    routes.add("POST", "/addresses/", [&ctx](http::request& req) { return change_addresses(ctx, req); });
    add_password_reset_routes(routes, ctx);
    add_my_account_routes(routes, ctx);
}

}  // namespace reserva::web
