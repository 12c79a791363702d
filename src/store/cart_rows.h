// The row-level steps every cart and checkout transaction shares, in the order locks are taken:
// the client's row first (it serialises one shopper's requests), then the open order's row.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "db/pool.h"
#include "store/cart.h"
#include "store/catalog_cache.h"

namespace sql {
class ResultSet;
}

namespace reserva::store::rows {

// A cart's lines in one statement: select line_columns (13 columns) after a query's own, from a
// shop_order aliased o followed by line_joins, one row per line; line_collector gathers them and
// works out what is available to the order (on hand minus the live holds of other orders, never
// below 0; store/holds.h).
extern const std::string line_columns;
extern const std::string line_joins;
// The same lines for a page that names them from the process's copy of the catalog
// (store/catalog_cache.h): no product or color join, 8 columns.
extern const std::string page_line_columns;
extern const std::string page_line_joins;

class line_collector {
public:
    // One row, whose line_columns start at column `first` (1-based); a row without a line adds nothing.
    void add(sql::ResultSet& row, unsigned first);
    // A row of page_line_columns; take() then names the lines from a catalog copy.
    void add_page_line(sql::ResultSet& row, unsigned first);
    // The lines in the order they were added to the cart; `order_id` is the cart's order.
    // names: the catalog copy that names page lines (at least at the version the row was read).
    std::vector<cart_line> take(db::connection& conn, std::int64_t order_id, const catalog_snapshot* names = nullptr);

private:
    struct pending {
        std::int64_t item_id = 0;
        cart_line line;
        int base = 0;  // holds::counted_columns
        bool lapsed = false;
    };
    std::vector<pending> lines_;
};

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
