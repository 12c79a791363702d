// The back office as one function from request to response (SPEC section 8): its own routing
// table under /admin/, and before every handler the same three checks: a staff session (else
// 302 to the sign-in page with next=), the session's CSRF token on every POST (else 403), and
// the role the route needs (else 403). Failures map to statuses as in the shop.
#pragma once
#include <functional>
#include <string>

#include "admin/context.h"
#include "admin/staff_identity.h"
#include "http/request.h"
#include "http/response.h"
#include "http/router.h"

namespace reserva::admin {

enum class access {
    anyone,     // the sign-in page
    enrolling,  // a signed-in person, also one who must set up a second factor first
    staff,      // any signed-in staff member
    owner,      // owners only: refunds, staff accounts, the audit log, the orders export
};

using handler = std::function<http::response(http::request&, staff_identity&)>;

class application {
public:
    explicit application(context ctx);
    application(const application&) = delete;  // the routes hold references into ctx_
    application& operator=(const application&) = delete;

    void add(const std::string& method, const std::string& pattern, access needed, handler h);
    http::response handle(http::request& req);
    // Whether a path belongs to the back office (the process's dispatcher asks).
    static bool owns(const std::string& path);

private:
    http::response guarded(http::request& req, access needed, const handler& h);
    context ctx_;
    std::string site_origin_;
    http::router routes_;
};

// "/admin/orders/?state=paid" for the sign-in page's next=, URL-encoded.
std::string url_encode(const std::string& text);
// next= as the sign-in page may follow it: a path inside /admin/ (never another site).
std::string safe_next(const std::string& next);

}  // namespace reserva::admin
