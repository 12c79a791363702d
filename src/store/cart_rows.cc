#include "store/cart_rows.h"

#include <cppconn/resultset.h>

#include <algorithm>
#include <stdexcept>

#include "db/statements.h"
#include "store/holds.h"

namespace reserva::store::rows {

// One row per cart line; what is available to the order comes from the hold counts on the
// stock row (store/holds.h). No GROUP BY and no correlated subquery: MariaDB plans every
// execution of a prepared statement anew, and their temporary table or subquery costs more than
// the joins (docs/PERFORMANCE.md).
const std::string line_columns =
    "i.id, s.id, p.id, c.id, p.name, c.name, s.size, p.image_url, i.quantity, p.price_cents, " +
    holds::counted_columns("o.id") + ", p.active";
const std::string line_joins =
    " LEFT JOIN ordered_item i ON i.order_id = o.id"
    " LEFT JOIN item_stock s ON s.id = i.item_stock_id"
    " LEFT JOIN product p ON p.id = s.product_id"
    " LEFT JOIN color c ON c.id = s.color_id" +
    holds::own_join("o.id");

const std::string page_line_columns = "i.id, s.id, s.product_id, s.color_id, s.size, i.quantity, " + holds::counted_columns("o.id");
const std::string page_line_joins =
    " LEFT JOIN ordered_item i ON i.order_id = o.id"
    " LEFT JOIN item_stock s ON s.id = i.item_stock_id" +
    holds::own_join("o.id");

void line_collector::add_page_line(sql::ResultSet& row, unsigned first) {
    if (row.isNull(first)) return;
    pending next;
    next.item_id = row.getInt64(first);
    next.line.stock_id = row.getInt64(first + 1);
    next.line.product_id = row.getInt64(first + 2);
    next.line.color_id = row.getInt64(first + 3);
    next.line.size = row.getString(first + 4);
    next.line.quantity = row.getInt(first + 5);
    next.base = row.getInt(first + 6);
    next.lapsed = row.getBoolean(first + 7);
    lines_.push_back(std::move(next));
}

void line_collector::add(sql::ResultSet& row, unsigned first) {
    if (row.isNull(first)) return;  // no order, or an order without lines
    pending next;
    next.item_id = row.getInt64(first);
    next.line.stock_id = row.getInt64(first + 1);
    next.line.product_id = row.getInt64(first + 2);
    next.line.color_id = row.getInt64(first + 3);
    next.line.product_name = row.getString(first + 4);
    next.line.color_name = row.getString(first + 5);
    next.line.size = row.getString(first + 6);
    next.line.image_url = row.getString(first + 7);
    next.line.quantity = row.getInt(first + 8);
    next.line.unit_price = row.getInt64(first + 9);
    next.base = row.getInt(first + 10);
    next.lapsed = row.getBoolean(first + 11);
    next.line.on_sale = row.getBoolean(first + 12);
    lines_.push_back(std::move(next));
}

std::vector<cart_line> line_collector::take(db::connection& conn, std::int64_t order_id, const catalog_snapshot* names) {
    std::sort(lines_.begin(), lines_.end(), [](const pending& a, const pending& b) { return a.item_id < b.item_id; });
    std::vector<cart_line> lines;
    lines.reserve(lines_.size());
    for (auto& p : lines_) {
        if (names) {
            auto [product, variant] = names->variant(p.line.stock_id);
            // The copy is at least as new as the row, so it knows every variant the row names.
            p.line.on_sale = product && product->published;
            if (product) {
                p.line.product_name = product->name;
                p.line.image_url = product->image_url;
                p.line.unit_price = product->price;
                p.line.color_name = variant->color_name;
            }
        }
        // A product hidden since it went into the cart can no longer be bought: the cart clamps
        // its line away and says so, and checkout refuses it.
        p.line.available = p.line.on_sale ? holds::available(conn, p.base, p.lapsed, p.line.stock_id, order_id) : 0;
        lines.push_back(std::move(p.line));
    }
    lines_.clear();
    return lines;
}

// Shared by the cart page's fallback and the locked paths (checkout, clamp, merge): the same
// lines, order and availability as the former GROUP-less subquery form, and order_id 0 when the
// open order has no lines.
cart read_cart(db::connection& conn, std::int64_t client_id) {
    static const std::string sql =
        "SELECT o.id, " + line_columns + " FROM shop_order o" + line_joins + " WHERE o.open_client_id = ?";
    auto rows = db::query(conn, sql, client_id);
    cart result;
    line_collector lines;
    while (rows.next()) {
        result.order_id = rows.int64(1);
        lines.add(rows.raw(), 2);
    }
    result.lines = lines.take(conn, result.order_id);
    if (result.lines.empty()) result.order_id = 0;
    return result;
}

// Serialises one shopper's cart changes; always the first lock a cart change takes.
void lock_client(db::connection& conn, std::int64_t client_id) {
    auto row = db::query(conn, "SELECT id FROM client WHERE id = ? FOR UPDATE", client_id);
    if (!row.next()) throw std::runtime_error("client " + std::to_string(client_id) + " vanished");
}

std::int64_t open_order(db::connection& conn, std::int64_t client_id, bool create) {
    auto row = db::query(conn, "SELECT id FROM shop_order WHERE open_client_id = ? FOR UPDATE", client_id);
    if (row.next()) return row.int64(1);
    if (!create) return 0;
    db::execute(conn, "INSERT INTO shop_order (client_id) VALUES (?)", client_id);
    return db::last_insert_id(conn);
}

// Locks the variants' stock rows in ascending id order (the order every transaction uses) and
// returns, per variant, what this order may take: on hand minus the live holds of other orders.
std::map<std::int64_t, int> lock_stock_and_measure(db::connection& conn, std::vector<std::int64_t> stock_ids,
                                             std::int64_t order_id) {
    std::sort(stock_ids.begin(), stock_ids.end());
    std::map<std::int64_t, int> available;
    for (auto id : stock_ids) available[id] = holds::available_to(conn, id, order_id, true);
    return available;
}

void set_line_quantity(db::connection& conn, std::int64_t order_id, std::int64_t stock_id, int quantity) {
    if (quantity <= 0) {
        db::execute(conn, "DELETE FROM ordered_item WHERE order_id = ? AND item_stock_id = ?", order_id, stock_id);
        return;
    }
    db::execute(conn,
        "INSERT INTO ordered_item (order_id, item_stock_id, quantity) VALUES (?, ?, ?)"
        " ON DUPLICATE KEY UPDATE quantity = VALUES(quantity)",
        order_id, stock_id, quantity);
}

}  // namespace reserva::store::rows
