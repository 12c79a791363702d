// Who is shopping: a client row per anonymous visitor (id_session cookie) or account, and the
// client's open order, which is the cart.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "db/pool.h"
#include "store/cart.h"
#include "store/catalog_cache.h"

namespace sql {
class ResultSet;
}

namespace reserva::store {

struct shopper_state {
    std::int64_t client_id = 0;
    std::int64_t open_order_id = 0;  // 0: no cart yet
    int cart_units = 0;
    std::int64_t catalog_version = 0;  // the catalog's version, read by the same statement
};

// Where a lookup that shows the cart puts its lines, and the catalog copy that names them.
struct shopper_lines {
    cart& into;
    db::pool& pool;
    catalog_cache& catalog;
};

// One query: the client with this anonymous session key, its cart and how many units it holds.
// With `lines`, the same query also reads the cart's lines into it (the pages that show the cart).
std::optional<shopper_state> find_anonymous_shopper(db::pool& pool, const std::string& session_key,
                                                    shopper_lines* lines = nullptr);
// A new anonymous client for a freshly drawn session key.
std::int64_t create_anonymous_client(db::pool& pool, const std::string& session_key);

// The shape every shopper lookup shares (here and in store/accounts.cc): the client aliased
// `who`, its open order `o`, then one line's quantity per row, or with `with_lines` the cart's
// lines (store/cart_rows.h: page_line_columns). Selects who.id, o.id, the catalog version,
// `columns` (", x, y" or ""), then those.
std::string shopper_query(const char* columns, const char* from, const char* where, bool with_lines);
// Reads such a query's rows from the current one on; the units or lines start at column `first`.
shopper_state collect_shopper(db::connection& conn, sql::ResultSet& rows, unsigned first, shopper_lines* lines);

}  // namespace reserva::store
