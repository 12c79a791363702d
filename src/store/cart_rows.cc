#include "store/cart_rows.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <algorithm>
#include <memory>
#include <stdexcept>

#include "db/statements.h"

namespace reserva::store::rows {
namespace {

// Every cart line with what is available to this order (its own hold does not count against it).
const char* const cart_lines_sql =
    "SELECT s.id, p.id, c.id, p.name, c.name, s.size, p.image_url, i.quantity,"
    "       GREATEST(s.quantity - COALESCE((SELECT SUM(h.quantity) FROM stock_hold h"
    "                                         WHERE h.item_stock_id = s.id AND h.order_id <> o.id"
    "                                           AND h.expires_at > NOW(3)), 0), 0),"
    "       p.price_cents, o.id"
    "  FROM shop_order o"
    "  JOIN ordered_item i ON i.order_id = o.id"
    "  JOIN item_stock s ON s.id = i.item_stock_id"
    "  JOIN product p ON p.id = s.product_id"
    "  JOIN color c ON c.id = s.color_id"
    " WHERE o.open_client_id = ?"
    " ORDER BY i.id";

}  // namespace

cart read_cart(db::connection& conn, std::int64_t client_id) {
    auto& query = conn.prepare(cart_lines_sql);
    query.setInt64(1, client_id);
    std::unique_ptr<sql::ResultSet> rows(query.executeQuery());
    cart result;
    while (rows->next()) {
        cart_line line;
        line.stock_id = rows->getInt64(1);
        line.product_id = rows->getInt64(2);
        line.color_id = rows->getInt64(3);
        line.product_name = rows->getString(4);
        line.color_name = rows->getString(5);
        line.size = rows->getString(6);
        line.image_url = rows->getString(7);
        line.quantity = rows->getInt(8);
        line.available = rows->getInt(9);
        line.unit_price = rows->getInt64(10);
        result.order_id = rows->getInt64(11);
        result.lines.push_back(std::move(line));
    }
    return result;
}

// Serialises one shopper's cart changes; always the first lock a cart change takes.
void lock_client(db::connection& conn, std::int64_t client_id) {
    auto& lock = conn.prepare("SELECT id FROM client WHERE id = ? FOR UPDATE");
    lock.setInt64(1, client_id);
    std::unique_ptr<sql::ResultSet> row(lock.executeQuery());
    if (!row->next()) throw std::runtime_error("client " + std::to_string(client_id) + " vanished");
}

std::int64_t open_order(db::connection& conn, std::int64_t client_id, bool create) {
    auto& find = conn.prepare("SELECT id FROM shop_order WHERE open_client_id = ? FOR UPDATE");
    find.setInt64(1, client_id);
    std::unique_ptr<sql::ResultSet> row(find.executeQuery());
    if (row->next()) return row->getInt64(1);
    if (!create) return 0;
    auto& insert = conn.prepare("INSERT INTO shop_order (client_id) VALUES (?)");
    insert.setInt64(1, client_id);
    insert.executeUpdate();
    return db::last_insert_id(conn);
}

// Locks the variants' stock rows in ascending id order (the order every transaction uses) and
// returns, per variant, what this order may take: on hand minus the live holds of other orders.
std::map<std::int64_t, int> lock_stock_and_measure(db::connection& conn, std::vector<std::int64_t> stock_ids,
                                             std::int64_t order_id) {
    std::sort(stock_ids.begin(), stock_ids.end());
    std::map<std::int64_t, int> available;
    for (auto id : stock_ids) {
        auto& lock = conn.prepare("SELECT quantity FROM item_stock WHERE id = ? FOR UPDATE");
        lock.setInt64(1, id);
        std::unique_ptr<sql::ResultSet> row(lock.executeQuery());
        int on_hand = row->next() ? row->getInt(1) : 0;
        auto& held = conn.prepare(
            "SELECT COALESCE(SUM(quantity), 0) FROM stock_hold"
            " WHERE item_stock_id = ? AND order_id <> ? AND expires_at > NOW(3)");
        held.setInt64(1, id);
        held.setInt64(2, order_id);
        std::unique_ptr<sql::ResultSet> h(held.executeQuery());
        h->next();
        available[id] = std::max(0, on_hand - h->getInt(1));
    }
    return available;
}

void set_line_quantity(db::connection& conn, std::int64_t order_id, std::int64_t stock_id, int quantity) {
    if (quantity <= 0) {
        auto& remove = conn.prepare("DELETE FROM ordered_item WHERE order_id = ? AND item_stock_id = ?");
        remove.setInt64(1, order_id);
        remove.setInt64(2, stock_id);
        remove.executeUpdate();
        return;
    }
    auto& upsert = conn.prepare(
        "INSERT INTO ordered_item (order_id, item_stock_id, quantity) VALUES (?, ?, ?)"
        " ON DUPLICATE KEY UPDATE quantity = VALUES(quantity)");
    upsert.setInt64(1, order_id);
    upsert.setInt64(2, stock_id);
    upsert.setInt(3, quantity);
    upsert.executeUpdate();
}

}  // namespace reserva::store::rows
