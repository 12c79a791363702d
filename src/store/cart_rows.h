// The row-level steps every cart and checkout transaction shares, in the order locks are taken:
// the client's row first (it serialises one shopper's requests), then the open order's row.
#pragma once
#include <cstdint>
#include <map>
#include <vector>

#include "db/pool.h"
#include "store/cart.h"

namespace reserva::store::rows {

void lock_client(db::connection& conn, std::int64_t client_id);
// The client's open order, locked FOR UPDATE; created when create is set, else 0 when none.
std::int64_t open_order(db::connection& conn, std::int64_t client_id, bool create);
// The cart's lines with what is available to this order (its own hold does not count).
cart read_cart(db::connection& conn, std::int64_t client_id);

// Sets a cart line's quantity; 0 or less removes the line.
void set_line_quantity(db::connection& conn, std::int64_t order_id, std::int64_t stock_id, int quantity);
// Locks the variants' stock rows in ascending id order (the order every transaction uses) and
// returns, per variant, what this order may take: on hand minus the live holds of other orders.
std::map<std::int64_t, int> lock_stock_and_measure(db::connection& conn, std::vector<std::int64_t> stock_ids,
                                                   std::int64_t order_id);

}  // namespace reserva::store::rows
