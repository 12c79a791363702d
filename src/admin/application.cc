#include "admin/application.h"

#include <cppconn/exception.h>

#include <cctype>

#include "admin/admin_page.h"
#include "admin/order_pages.h"
#include "admin/login_pages.h"
#include "admin/product_pages.h"
#include "admin/staff_pages.h"
#include "admin/stock_pages.h"
#include "db/transaction.h"
#include "http/csrf.h"
#include "util/log.h"
#include "util/password.h"

namespace reserva::admin {

namespace {

http::response to_sign_in(const http::request& req, const staff_identity& who) {
    std::string target = req.path() + (req.query_string().empty() ? "" : "?" + req.query_string());
    return who.finish(http::redirect(302, "/admin/login/?next=" + url_encode(target)));
}

}  // namespace

application::application(context ctx) : ctx_(ctx), site_origin_(http::csrf::origin_of(ctx.settings.base_url)) {
    add_login_routes(*this, ctx_);
    add_order_routes(*this, ctx_);
    add_staff_routes(*this, ctx_);
    add_product_routes(*this, ctx_);
    add_stock_routes(*this, ctx_);
}

bool application::owns(const std::string& path) { return path == "/admin" || path.rfind("/admin/", 0) == 0; }

void application::add(const std::string& method, const std::string& pattern, access needed, handler h) {
    routes_.add(method, pattern, [this, needed, h = std::move(h)](http::request& req) { return guarded(req, needed, h); });
}

http::response application::guarded(http::request& req, access needed, const handler& h) {
    staff_identity who(ctx_, req);
    if (needed != access::anyone) {
        bool allowed = who.signed_in() || (needed == access::enrolling && who.enrolling());
        if (!allowed) {
            // Someone who must set up a second factor goes there before anything else.
            if (who.enrolling()) return who.finish(http::redirect(302, "/admin/enrol/"));
            return to_sign_in(req, who);
        }
    }
    // Like the shop: a POST a browser marks as sent by another site is refused whatever it carries.
    if (req.method() == "POST" && http::csrf::check_origin(req, site_origin_) != http::csrf::verdict::ok)
        return admin_error(403, "This form was sent from another site, so it was not acted on.", &who);
    if (req.method() == "POST" && !who.csrf_valid(req))
        return admin_error(403, "This form has expired or did not come from this back office. Go back, reload the page and try again.", &who);
    if (needed == access::owner && !who.is_owner())
        return admin_error(403, "Only the store's owner may do this.", &who);
    return h(req, who);
}

http::response application::handle(http::request& req) {
    try {
        if (req.path() == "/admin") return http::redirect(302, "/admin/");
        auto match = routes_.find(req);
        if (match.result == http::router::outcome::not_found) {
            // Without a session nobody learns which back-office pages exist.
            staff_identity who(ctx_, req);
            if (!who.signed_in()) return to_sign_in(req, who);
            return admin_error(404, "There is no such page in the back office.", &who);
        }
        if (match.result == http::router::outcome::method_not_allowed) {
            auto r = admin_error(405, "This address does not accept a " + req.method() + " request.");
            r.add_header("Allow", match.allowed);
            return r;
        }
        return (*match.target)(req);
    } catch (const password_busy&) {
        // Every core is deriving a password (a flood at one of the sign-in pages): this sign-in
        // waits its turn, as the shop's do, rather than failing with a 500.
        log_line(std::string("503: ") + req.method() + " " + req.path() + ": every password slot busy");
        auto r = admin_error(503, "Many people are signing in right now. Please try again in a few seconds.");
        r.add_header("Retry-After", std::to_string(password_busy_retry_seconds));
        return r;
    } catch (const db::unavailable& e) {
        log_line(std::string("503: ") + req.method() + " " + req.path() + ": " + e.what());
    } catch (const db::write_conflict& e) {
        log_line(std::string("503: ") + req.method() + " " + req.path() + ": " + e.what());
    } catch (const sql::SQLException& e) {
        if (!db::is_connection_error(e) && !db::is_retryable_conflict(e)) {
            log_line(std::string("500: ") + req.method() + " " + req.path() + ": SQL error " +
                     std::to_string(e.getErrorCode()) + ": " + e.what());
            return admin_error(500, "Something went wrong on our side. Please try again in a moment.");
        }
        log_line(std::string("503: ") + req.method() + " " + req.path() + ": " + e.what());
    }
    auto r = admin_error(503, "The database cannot be reached right now. Please try again in a minute.");
    r.add_header("Retry-After", "30");
    return r;
}

std::string url_encode(const std::string& text) {
    static const char hex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') out += static_cast<char>(c);
        else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

std::string safe_next(const std::string& next) {
    if (next.rfind("/admin/", 0) != 0 || next.rfind("/admin/login/", 0) == 0) return "/admin/";
    for (char c : next)
        if (c == '\\' || static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return "/admin/";
    return next;
}

}  // namespace reserva::admin
