// GET /admin/: the day at a glance (orders to ship, awaiting payment, low stock, today's sales).
#pragma once
#include "admin/application.h"

namespace reserva::admin {

void add_dashboard_routes(application& app, context& ctx);

}  // namespace reserva::admin
