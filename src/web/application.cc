#include "web/application.h"

#include <cppconn/exception.h>

#include <optional>

#include "db/pool.h"
#include "db/transaction.h"
#include "http/csrf.h"
#include "util/log.h"
#include "util/text.h"
#include "util/password.h"
#include "web/error_pages.h"
#include "web/account_pages.h"
#include "web/cart_pages.h"
#include "web/checkout_pages.h"
#include "web/payment_pages.h"
#include "web/store_pages.h"
#include "web/visitor.h"

namespace reserva::web {

application::application(context ctx) : ctx_(ctx), site_origin_(http::csrf::origin_of(ctx.settings.base_url)) {
    add_store_routes(routes_, ctx_);
    add_cart_routes(routes_, ctx_);
    add_checkout_routes(routes_, ctx_);
    add_payment_routes(routes_, ctx_);
    add_account_routes(routes_, ctx_);
}

namespace {

// The gateway's notifications carry a signature instead of a form token, and come from no browser.
bool is_form_post(const http::request& req) { return req.method() == "POST" && req.path() != "/payments/webhook"; }

// The back office checks its own staff token (src/admin/); the origin check is everyone's.
bool carries_shop_token(const http::request& req) { return !starts_with(req.path(), "/admin/"); }

std::string shown(const std::string& header) { return header.empty() ? "none" : header.substr(0, 80); }

// nullopt when the POST may go on; else the 403 page, and a log line that says why.
std::optional<http::response> refuse_forged_post(context& ctx, const std::string& site_origin, const http::request& req) {
    auto verdict = http::csrf::check_origin(req, site_origin);
    if (verdict == http::csrf::verdict::ok && carries_shop_token(req) &&
        !http::csrf::token_matches(req, csrf_secret(ctx), csrf_binding(ctx.settings, req)))
        verdict = http::csrf::verdict::bad_token;
    if (verdict == http::csrf::verdict::ok) return std::nullopt;
    bool cross_site = verdict == http::csrf::verdict::cross_site;
    log_line("403: POST " + req.path() + ": " + (cross_site ? "sent from another site" : "no valid form token") +
             " (Origin " + shown(req.header("Origin")) + ", Sec-Fetch-Site " + shown(req.header("Sec-Fetch-Site")) +
             ", client " + shown(req.remote_address()) + ")");
    return error_page(403, cross_site ? "This form was sent from another site, so we did not act on it."
                                      : "This form has expired or did not come from our store. "
                                        "Please go back, reload the page and try again.");
}

}  // namespace

http::response application::handle(http::request& req) {
    auto r = route(req);
    // Browsers that once reached the store over https never try plain HTTP again (the nginx
    // site sends it too; this is for other web servers).
    if (starts_with(ctx_.settings.base_url, "https://")) r.add_header("Strict-Transport-Security", "max-age=63072000");
    return r;
}

http::response application::route(http::request& req) {
    try {
        auto match = routes_.find(req);
        if (match.result == http::router::outcome::not_found) return not_found();
        if (match.result == http::router::outcome::method_not_allowed) {
            auto r = error_page(405, "This address does not accept a " + req.method() + " request.");
            r.add_header("Allow", match.allowed);
            return r;
        }
        if (is_form_post(req))
            if (auto refused = refuse_forged_post(ctx_, site_origin_, req)) return *refused;
        return (*match.target)(req);
    } catch (const password_busy&) {
        // Every core is deriving a password: this sign-in waits its turn, the shop keeps answering.
        log_line(std::string("503: ") + req.method() + " " + req.path() + ": every password slot busy");
        auto r = error_page(503, "Many people are signing in right now. Please try again in a few seconds.");
        r.add_header("Retry-After", std::to_string(password_busy_retry_seconds));
        return r;
    } catch (const db::unavailable& e) {
        log_line(std::string("503: ") + req.method() + " " + req.path() + ": " + e.what());
    } catch (const db::write_conflict& e) {  // it outlived every retry: busy, not broken
        log_line(std::string("503: ") + req.method() + " " + req.path() + ": " + e.what());
    } catch (const sql::SQLException& e) {
        // A conflict that outlived every retry is the database being busy, not a bug: 503.
        if (!db::is_connection_error(e) && !db::is_retryable_conflict(e)) {
            log_line(std::string("500: ") + req.method() + " " + req.path() + ": SQL error " +
                     std::to_string(e.getErrorCode()) + ": " + e.what());
            return error_page(500, "Something went wrong on our side. Please try again in a moment.");
        }
        log_line(std::string("503: ") + req.method() + " " + req.path() + ": " + e.what());
    }
    auto r = error_page(503, "We cannot reach our stock right now. Please try again in a minute.");
    r.add_header("Retry-After", "30");
    return r;
}

}  // namespace reserva::web
