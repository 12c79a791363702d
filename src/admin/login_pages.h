// Signing in and out of the back office, and setting up the second factor (TOTP) that
// [admin] require_totp or an owner asks for.
#pragma once
#include "admin/application.h"

namespace reserva::admin {

void add_login_routes(application& app, context& ctx);

}  // namespace reserva::admin
