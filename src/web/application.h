// The store as one function from request to response: the routing table of SPEC section 4
// and the mapping of failures to statuses (user errors 4xx, database down 503, bugs 500).
#pragma once
#include <string>

#include "http/request.h"
#include "http/response.h"
#include "http/router.h"
#include "web/context.h"

namespace reserva::web {

class application {
public:
    explicit application(context ctx);
    application(const application&) = delete;  // the routes hold references into ctx_
    application& operator=(const application&) = delete;
    http::response handle(http::request& req);

private:
    http::response route(http::request& req);
    context ctx_;
    std::string site_origin_;  // scheme://host[:port] of base_url: where the shop's own forms come from
    http::router routes_;
};

}  // namespace reserva::web
