// The cart: POST /add_to_cart/{id}/, POST /remove_from_cart/{id}/, GET /cart/.
#pragma once
#include "http/router.h"
#include "web/context.h"

namespace reserva::web {

void add_cart_routes(http::router& routes, context& ctx);

}  // namespace reserva::web
