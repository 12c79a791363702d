#include "web/application.h"

#include <cppconn/exception.h>

#include "db/pool.h"
#include "db/transaction.h"
#include "util/log.h"
#include "util/password.h"
#include "web/error_pages.h"
#include "web/account_pages.h"
#include "web/cart_pages.h"
#include "web/checkout_pages.h"
#include "web/payment_pages.h"
#include "web/store_pages.h"
#include "web/visitor.h"

namespace reserva::web {

application::application(context ctx) : ctx_(ctx) {
    add_store_routes(routes_, ctx_);
    add_cart_routes(routes_, ctx_);
    add_checkout_routes(routes_, ctx_);
    add_payment_routes(routes_, ctx_);
    add_account_routes(routes_, ctx_);
}

namespace {
// The gateway's notifications carry a signature instead of a form token.
bool needs_csrf_token(const http::request& req) {
    return req.method() == "POST" && req.path() != "/payments/webhook";
}
}  // namespace

http::response application::handle(http::request& req) {
    try {
        auto match = routes_.find(req);
        if (match.result == http::router::outcome::not_found) return not_found();
        if (match.result == http::router::outcome::method_not_allowed) {
            auto r = error_page(405, "This address does not accept a " + req.method() + " request.");
            r.add_header("Allow", match.allowed);
            return r;
        }
        if (needs_csrf_token(req) && !csrf_valid(req))
            return error_page(403, "This form has expired or did not come from our store. "
                                   "Please go back, reload the page and try again.");
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
