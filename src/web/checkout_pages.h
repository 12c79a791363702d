// Checkout: GET /checkout/ (the order summary, refused while the cart is empty or short).
#pragma once
#include "http/router.h"
#include "web/context.h"

namespace reserva::web {

void add_checkout_routes(http::router& routes, context& ctx);

}  // namespace reserva::web
