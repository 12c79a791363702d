// The signed-in shopper's own account (LGPD access and deletion): GET /account/,
// GET /account/data.json, POST /account/password, POST /account/email,
// GET,POST /account/email/{token}/ (the link sent to a new address), POST /account/delete.
#pragma once
#include "http/router.h"
#include "web/context.h"

namespace reserva::web {

void add_my_account_routes(http::router& routes, context& ctx);

}  // namespace reserva::web
