#include "store/cart.h"

#include <optional>

#include "db/statements.h"
#include "db/transaction.h"
#include "store/cart_rows.h"
#include "store/holds.h"

namespace reserva::store {

int cart::units() const {
    int sum = 0;
    for (auto& line : lines) sum += line.quantity;
    return sum;
}

cents cart::total() const {
    cents sum = 0;
    for (auto& line : lines) sum += line.line_total();
    return sum;
}

bool cart::any_line_short() const {
    for (auto& line : lines)
        if (line.quantity > line.available) return true;
    return false;
}

using rows::lock_client;
using rows::open_order;
using rows::read_cart;
using rows::set_line_quantity;

namespace {

std::optional<std::int64_t> find_variant(db::connection& conn, const variant_key& v) {
    auto row = db::query(conn,
        "SELECT s.id FROM item_stock s JOIN product p ON p.id = s.product_id AND p.active = 1"
        " WHERE s.product_id = ? AND s.color_id = ? AND s.size = ?",
        v.product_id, v.color_id, v.size);
    if (!row.next()) return std::nullopt;
    return row.int64(1);
}

int line_quantity(db::connection& conn, std::int64_t order_id, std::int64_t stock_id) {
    auto row = db::query(conn, "SELECT quantity FROM ordered_item WHERE order_id = ? AND item_stock_id = ?", order_id, stock_id);
    return row.next() ? row.int32(1) : 0;
}

// The cart changed: the order's hold (made at "Confirm order") no longer matches it.
void cart_changed(db::connection& conn, std::int64_t order_id, std::int64_t client_id) {
    holds::release_order(conn, order_id);
    db::execute(conn, "UPDATE shop_order SET updated_at = NOW(3) WHERE id = ?", order_id);
    db::execute(conn, "UPDATE client SET last_seen_at = NOW(3) WHERE id = ?", client_id);
}

}  // namespace

bool variant_exists(db::pool& pool, const variant_key& variant) {
    return db::with_connection(pool, [&](db::connection& conn) { return find_variant(conn, variant).has_value(); });
}

add_result add_unit(db::pool& pool, std::int64_t client_id, const variant_key& variant) {
    return db::in_transaction(pool, [&](db::connection& conn) {
        auto stock_id = find_variant(conn, variant);
        if (!stock_id) return add_result::unknown_variant;
        lock_client(conn, client_id);
        auto order_id = open_order(conn, client_id, true);
        int available = holds::available_to(conn, *stock_id, order_id, false);
        int current = line_quantity(conn, order_id, *stock_id);
        if (current + 1 > available) {
            if (current > available) {
                set_line_quantity(conn, order_id, *stock_id, available);
                cart_changed(conn, order_id, client_id);
            }
            return add_result::at_stock_limit;
        }
        set_line_quantity(conn, order_id, *stock_id, current + 1);
        cart_changed(conn, order_id, client_id);
        return add_result::added;
    });
}

remove_result remove_unit(db::pool& pool, std::int64_t client_id, const variant_key& variant) {
    return db::in_transaction(pool, [&](db::connection& conn) {
        auto stock_id = find_variant(conn, variant);
        if (!stock_id) return remove_result::unknown_variant;
        lock_client(conn, client_id);
        auto order_id = open_order(conn, client_id, false);
        int current = order_id ? line_quantity(conn, order_id, *stock_id) : 0;
        if (current == 0) return remove_result::not_in_cart;
        set_line_quantity(conn, order_id, *stock_id, current - 1);
        cart_changed(conn, order_id, client_id);
        return remove_result::removed;
    });
}

cart load_cart(db::pool& pool, std::int64_t client_id) {
    return db::with_connection(pool, [&](db::connection& conn) { return read_cart(conn, client_id); });
}

std::vector<cart_adjustment> clamp_cart(db::pool& pool, std::int64_t client_id) {
    return db::in_transaction(pool, [&](db::connection& conn) {
        std::vector<cart_adjustment> changes;
        lock_client(conn, client_id);
        open_order(conn, client_id, false);  // locks the order row against a finalize running now
        auto current = read_cart(conn, client_id);
        for (auto& line : current.lines) {
            if (line.quantity <= line.available) continue;
            set_line_quantity(conn, current.order_id, line.stock_id, line.available);
            changes.push_back({line.product_name, line.color_name, line.size, line.quantity, line.available});
        }
        if (!changes.empty()) cart_changed(conn, current.order_id, client_id);
        return changes;
    });
}

}  // namespace reserva::store
