// "Forgot your password?": GET,POST /password_reset/ and GET,POST /password_reset/{token}/.
#pragma once
#include "http/router.h"
#include "web/context.h"

namespace reserva::web {

void add_password_reset_routes(http::router& routes, context& ctx);

}  // namespace reserva::web
