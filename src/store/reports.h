// The operator's views of orders and payments (reservactl orders list, payments list).
#pragma once
#include "db/pool.h"
#include "util/table.h"

namespace reserva::store {

text_table orders_report(db::pool& pool);
text_table payments_report(db::pool& pool);

}  // namespace reserva::store
