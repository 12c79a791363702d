// The row-level steps every cart and checkout transaction shares, in the order locks are taken:
// the client's row first (it serialises one shopper's requests), then the open order's row.
#pragma once
#include <cstdint>

#include "db/pool.h"
#include "store/cart.h"

namespace reserva::store::rows {

void lock_client(db::connection& conn, std::int64_t client_id);
// The client's open order, locked FOR UPDATE; created when create is set, else 0 when none.
std::int64_t open_order(db::connection& conn, std::int64_t client_id, bool create);
// The cart's lines with what is available to this order (its own hold does not count).
cart read_cart(db::connection& conn, std::int64_t client_id);

}  // namespace reserva::store::rows
