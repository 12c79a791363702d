// Owners' pages about people: staff accounts (/admin/staff/: add, disable, reset a password,
// require a second factor) and the audit log (/admin/audit/), read-only.
#pragma once
#include "admin/application.h"

namespace reserva::admin {

void add_staff_routes(application& app, context& ctx);

}  // namespace reserva::admin
