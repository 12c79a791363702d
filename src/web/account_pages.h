// Accounts: /register/, /login/, /logout/, /my_orders/, /addresses/.
#pragma once
#include <string>

#include "http/router.h"
#include "web/context.h"

namespace reserva::web {

void add_account_routes(http::router& routes, context& ctx);
// The account pages' shared small pieces.
http::response with_status(http::response r, int status);
// The {token} of an e-mailed link's path when it has the shape of one, else "".
std::string link_token(const http::request& req);

// `next` only ever leads inside the site: a path, never "//host" or "scheme:"; else fallback.
std::string safe_next(const std::string& next, const std::string& fallback);

}  // namespace reserva::web
