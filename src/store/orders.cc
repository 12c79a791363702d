#include "store/orders.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>

#include "db/transaction.h"

namespace reserva::store {
namespace {

std::string text(sql::ResultSet& row, int column) { return row.isNull(column) ? "" : std::string(row.getString(column)); }

}  // namespace

std::optional<order_view> load_order(db::pool& pool, std::int64_t order_id) {
    return db::with_connection(pool, [&](db::connection& conn) -> std::optional<order_view> {
        auto& head = conn.prepare(
            "SELECT id, client_id, end_date IS NOT NULL, DATE_FORMAT(end_date, '%Y-%m-%d %H:%i'), COALESCE(total_cents, 0),"
            "       email, ship_street, ship_number, ship_complement, ship_neighborhood, ship_city, ship_state, ship_zip"
            "  FROM shop_order WHERE id = ?");
        head.setInt64(1, order_id);
        std::unique_ptr<sql::ResultSet> row(head.executeQuery());
        if (!row->next()) return std::nullopt;
        order_view order;
        order.id = row->getInt64(1);
        order.client_id = row->getInt64(2);
        order.finished = row->getBoolean(3);
        order.finished_at = text(*row, 4);
        order.total = row->getInt64(5);
        order.email = text(*row, 6);
        order.ship_to = {text(*row, 7), text(*row, 8), text(*row, 9), text(*row, 10), text(*row, 11), text(*row, 12), text(*row, 13)};
        if (order.finished) {
            auto& lines = conn.prepare(
                "SELECT p.id, p.name, c.name, s.size, p.image_url, i.quantity, COALESCE(i.unit_price_cents, p.price_cents)"
                "  FROM ordered_item i JOIN item_stock s ON s.id = i.item_stock_id"
                "  JOIN product p ON p.id = s.product_id JOIN color c ON c.id = s.color_id"
                " WHERE i.order_id = ? ORDER BY i.id");
            lines.setInt64(1, order_id);
            std::unique_ptr<sql::ResultSet> found(lines.executeQuery());
            while (found->next())
                order.lines.push_back({found->getInt64(1), found->getString(2), found->getString(3), found->getString(4),
                                       found->getString(5), found->getInt(6), found->getInt64(7)});
        }
        auto& refunds = conn.prepare(
            "SELECT r.amount_cents, r.reason, r.status = 'done' FROM refund r JOIN payment p ON p.id = r.payment_id"
            " WHERE p.order_id = ? ORDER BY r.id");
        refunds.setInt64(1, order_id);
        std::unique_ptr<sql::ResultSet> found(refunds.executeQuery());
        while (found->next()) order.refunds.push_back({found->getInt64(1), found->getString(2), found->getBoolean(3)});
        return order;
    });
}

std::vector<order_view> finished_orders(db::pool& pool, std::int64_t client_id) {
    auto ids = db::with_connection(pool, [&](db::connection& conn) {
        auto& query = conn.prepare(
            "SELECT id FROM shop_order WHERE client_id = ? AND end_date IS NOT NULL ORDER BY end_date DESC, id DESC LIMIT 100");
        query.setInt64(1, client_id);
        std::unique_ptr<sql::ResultSet> rows(query.executeQuery());
        std::vector<std::int64_t> found;
        while (rows->next()) found.push_back(rows->getInt64(1));
        return found;
    });
    std::vector<order_view> orders;
    for (auto id : ids)
        if (auto order = load_order(pool, id)) orders.push_back(std::move(*order));
    return orders;
}

std::optional<std::int64_t> order_of_payment(db::pool& pool, const std::string& reference) {
    return db::with_connection(pool, [&](db::connection& conn) -> std::optional<std::int64_t> {
        auto& query = conn.prepare("SELECT order_id FROM payment WHERE reference = ?");
        query.setString(1, reference);
        std::unique_ptr<sql::ResultSet> row(query.executeQuery());
        if (!row->next()) return std::nullopt;
        return row->getInt64(1);
    });
}

}  // namespace reserva::store
