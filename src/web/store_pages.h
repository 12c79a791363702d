// The shop window: GET /, GET /store/, GET /product/{id}/.
#pragma once
#include "http/router.h"
#include "web/context.h"

namespace reserva::web {

void add_store_routes(http::router& routes, context& ctx);

}  // namespace reserva::web
