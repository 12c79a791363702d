#include "store/orders.h"

#include <memory>

#include "db/statements.h"
#include "db/transaction.h"
#include "store/order_state.h"
#include "util/local_time.h"

namespace reserva::store {
namespace {

std::string text(const db::result& row, int column) { return row.is_null(column) ? "" : row.text(column); }

const std::string head_columns = std::string(
    "o.id, o.client_id, o.end_date IS NOT NULL, COALESCE(FLOOR(UNIX_TIMESTAMP(o.end_date)), 0), COALESCE(o.total_cents, 0),"
    " o.email, o.ship_street, o.ship_number, o.ship_complement, o.ship_neighborhood, o.ship_city, o.ship_state, o.ship_zip,"
    " ") + order_state_sql + ", o.carrier, o.tracking, COALESCE(FLOOR(UNIX_TIMESTAMP(o.shipped_at)), 0),"
    " COALESCE(FLOOR(UNIX_TIMESTAMP(o.delivered_at)), 0), o.refunded_cents";

order_view read_head(const db::result& row) {
    order_view order;
    order.id = row.int64(1);
    order.client_id = row.int64(2);
    order.finished = row.boolean(3);
    order.finished_at = format_local_time(row.int64(4));
    order.total = row.int64(5);
    order.email = text(row, 6);
    order.ship_to = {text(row, 7), text(row, 8), text(row, 9), text(row, 10), text(row, 11), text(row, 12), text(row, 13)};
    order.state = row.text(14);
    order.carrier = text(row, 15);
    order.tracking = text(row, 16);
    order.shipped_at = format_local_time(row.int64(17));
    order.delivered_at = format_local_time(row.int64(18));
    order.refunded = row.int64(19);
    return order;
}

// Lines and refunds come keyed by order id (column 1), for one order or for a client's newest
// finished ones: a fixed number of statements however many orders the page lists.
const char* const line_columns =
    "i.order_id, p.id, p.name, c.name, s.size, p.image_url, i.quantity, COALESCE(i.unit_price_cents, p.price_cents)"
    "  FROM ordered_item i JOIN item_stock s ON s.id = i.item_stock_id"
    "  JOIN product p ON p.id = s.product_id JOIN color c ON c.id = s.color_id";
const char* const refund_columns =
    "p.order_id, r.amount_cents, r.reason, r.status = 'done', r.kind <> 'automatic', r.id FROM refund r JOIN payment p ON p.id = r.payment_id";
// A client's newest finished orders (the page shows at most 100).
const char* const newest_finished =
    "(SELECT id FROM shop_order WHERE client_id = ? AND end_date IS NOT NULL ORDER BY end_date DESC, id DESC LIMIT 100)";

order_view* find(std::vector<order_view>& orders, std::int64_t id) {
    for (auto& order : orders)
        if (order.id == id) return &order;
    return nullptr;
}

void add_lines(db::result& found, std::vector<order_view>& orders) {
    while (found.next())
        if (auto* order = find(orders, found.int64(1)); order && order->finished)
            order->lines.push_back({found.int64(2), found.text(3), found.text(4), found.text(5),
                                    found.text(6), found.int32(7), found.int64(8)});
}

void add_refunds(db::result& found, std::vector<order_view>& orders) {
    while (found.next())
        if (auto* order = find(orders, found.int64(1)))
            order->refunds.push_back({found.int64(2), found.text(3), found.boolean(4), found.boolean(5),
                                      found.int64(6)});
}

}  // namespace

std::optional<order_view> load_order(db::pool& pool, std::int64_t order_id) {
    return db::with_connection(pool, [&](db::connection& conn) -> std::optional<order_view> {
        auto row = db::query(conn, "SELECT " + head_columns + " FROM shop_order o WHERE o.id = ?", order_id);
        if (!row.next()) return std::nullopt;
        std::vector<order_view> orders{read_head(row)};
        if (orders[0].finished) {
            auto found = db::query(conn,
                std::string("SELECT ") + line_columns + " WHERE i.order_id = ? ORDER BY i.id", order_id);
            add_lines(found, orders);
        }
        auto found = db::query(conn,
            std::string("SELECT ") + refund_columns + " WHERE p.order_id = ? AND r.status <> 'failed' ORDER BY r.id",
            order_id);
        add_refunds(found, orders);
        return std::move(orders[0]);
    });
}

std::vector<order_view> finished_orders(db::pool& pool, std::int64_t client_id) {
    return db::with_connection(pool, [&](db::connection& conn) {
        auto rows = db::query(conn,
            "SELECT " + head_columns + " FROM shop_order o JOIN " + newest_finished +
            " newest ON newest.id = o.id ORDER BY o.end_date DESC, o.id DESC", client_id);
        std::vector<order_view> orders;
        while (rows.next()) orders.push_back(read_head(rows));
        if (orders.empty()) return orders;
        auto found_lines = db::query(conn,
            std::string("SELECT ") + line_columns + " JOIN " + newest_finished +
            " newest ON newest.id = i.order_id ORDER BY i.id", client_id);
        add_lines(found_lines, orders);
        auto found_refunds = db::query(conn,
            std::string("SELECT ") + refund_columns + " JOIN " + newest_finished +
            " newest ON newest.id = p.order_id WHERE r.status <> 'failed' ORDER BY r.id", client_id);
        add_refunds(found_refunds, orders);
        return orders;
    });
}

std::optional<std::int64_t> order_of_payment(db::pool& pool, const std::string& reference) {
    return db::with_connection(pool, [&](db::connection& conn) -> std::optional<std::int64_t> {
        auto row = db::query(conn, "SELECT order_id FROM payment WHERE reference = ?", reference);
        if (!row.next()) return std::nullopt;
        return row.int64(1);
    });
}

}  // namespace reserva::store
