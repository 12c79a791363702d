// The orders side of the back office: the day at a glance (/admin/), the inbox
// (/admin/orders/), one order with its actions (ship, deliver, note, refund) and the
// accountant's export (/admin/export/orders.csv, owners only).
#pragma once
#include "admin/application.h"

namespace reserva::admin {

void add_order_routes(application& app, context& ctx);

}  // namespace reserva::admin
