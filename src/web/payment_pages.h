// Coming back from the gateway: GET /finalize_payment/ (the shopper's browser), POST
// /payments/webhook (the gateway itself), and GET /order_approved/{id}/ (the order's page).
#pragma once
#include "http/router.h"
#include "web/context.h"

namespace reserva::web {

void add_payment_routes(http::router& routes, context& ctx);

}  // namespace reserva::web
