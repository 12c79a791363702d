#include "store/clients.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>

#include "db/statements.h"
#include "db/transaction.h"
#include "store/cart_rows.h"

namespace reserva::store {

// No GROUP BY: the units are summed here, which costs MariaDB much less (docs/PERFORMANCE.md).
// The catalog's version rides along (a one-row primary-key join), so the page can check its copy
// of the catalog without a statement of its own.
std::string shopper_query(const char* columns, const char* from, const char* where, bool with_lines) {
    return std::string("SELECT who.id, o.id, cv.version") + columns + ", " +
           (with_lines ? rows::page_line_columns : "i.quantity") + " FROM " + from +
           " LEFT JOIN catalog_version cv ON cv.id = 1 LEFT JOIN shop_order o ON o.open_client_id = who.id" +
           (with_lines ? rows::page_line_joins : " LEFT JOIN ordered_item i ON i.order_id = o.id") + " WHERE " + where;
}

shopper_state collect_shopper(db::connection& conn, sql::ResultSet& rows, unsigned first, shopper_lines* lines) {
    shopper_state state;
    state.client_id = rows.getInt64(1);
    state.open_order_id = rows.isNull(2) ? 0 : rows.getInt64(2);
    state.catalog_version = rows.isNull(3) ? 0 : rows.getInt64(3);  // a LEFT JOIN: a lost row never hides a shopper
    rows::line_collector collector;
    do {
        if (lines) collector.add_page_line(rows, first);
        else state.cart_units += rows.getInt(first);  // NULL (no line) reads as 0
    } while (rows.next());
    if (lines) {
        auto names = lines->catalog.at_least(lines->pool, state.catalog_version);
        lines->into.lines = collector.take(conn, state.open_order_id, names.get());
        lines->into.order_id = lines->into.lines.empty() ? 0 : state.open_order_id;  // as rows::read_cart
        state.cart_units = lines->into.units();
    }
    return state;
}

std::optional<shopper_state> find_anonymous_shopper(db::pool& pool, const std::string& session_key, shopper_lines* lines) {
    return db::with_connection(pool, [&](db::connection& conn) -> std::optional<shopper_state> {
        static const std::string statements[2] = {
            shopper_query("", "client who", "who.session_key = ? AND who.email IS NULL", false),
            shopper_query("", "client who", "who.session_key = ? AND who.email IS NULL", true)};
        auto rows = db::query(conn, statements[lines ? 1 : 0], session_key);
        if (!rows.next()) return std::nullopt;
        return collect_shopper(conn, rows.raw(), 4, lines);
    });
}

std::int64_t create_anonymous_client(db::pool& pool, const std::string& session_key) {
    return db::in_transaction(pool, [&](db::connection& conn) {
        db::execute(conn, "INSERT INTO client (session_key) VALUES (?)", session_key);
        return db::last_insert_id(conn);
    });
}

}  // namespace reserva::store
