// The operator's views of orders and payments (reservactl orders list, payments list).
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "db/pool.h"
#include "util/table.h"

namespace reserva::store {

// status: "" (all), "open" (carts) or "finished".
text_table orders_report(db::pool& pool, const std::string& status = "");
// only_open: payments whose link can still be paid.
text_table payments_report(db::pool& pool, bool only_open = false);
// Per variant: on hand, held by live payment links, available.
text_table stock_report(db::pool& pool);
// One order: its header, lines, payments and refunds, as several tables; empty when unknown.
std::vector<std::pair<std::string, text_table>> order_report(db::pool& pool, std::int64_t order_id);

}  // namespace reserva::store
