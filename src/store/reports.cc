#include "store/reports.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>

#include "db/transaction.h"

namespace reserva::store {
namespace {

std::string text(sql::ResultSet& row, int column) { return row.isNull(column) ? "" : std::string(row.getString(column)); }

}  // namespace

std::vector<order_report_row> orders_report(db::pool& pool, const std::string& status) {
    return db::with_connection(pool, [&](db::connection& conn) {
        // An open order is a cart: its total is what the cart is worth now; a finished one shows what was paid.
        auto& query = conn.prepare(
            "SELECT o.id, COALESCE(c.email, CONCAT('guest #', c.id)), o.end_date IS NULL,"
            "       COALESCE(SUM(i.quantity), 0),"
            "       COALESCE(o.total_cents, SUM(i.quantity * p.price_cents), 0),"
            "       FLOOR(UNIX_TIMESTAMP(o.created_at)), COALESCE(FLOOR(UNIX_TIMESTAMP(o.end_date)), 0)"
            "  FROM shop_order o"
            "  JOIN client c ON c.id = o.client_id"
            "  LEFT JOIN ordered_item i ON i.order_id = o.id"
            "  LEFT JOIN item_stock s ON s.id = i.item_stock_id"
            "  LEFT JOIN product p ON p.id = s.product_id"
            " WHERE ? = '' OR (? = 'open') = (o.end_date IS NULL)"
            " GROUP BY o.id ORDER BY o.id");
        query.setString(1, status);
        query.setString(2, status);
        std::unique_ptr<sql::ResultSet> rows(query.executeQuery());
        std::vector<order_report_row> found;
        while (rows->next())
            found.push_back({rows->getInt64(1), rows->getString(2), rows->getBoolean(3), rows->getInt(4), rows->getInt64(5),
                             rows->getInt64(6), rows->getInt64(7)});
        return found;
    });
}

std::vector<payment_report_row> payments_report(db::pool& pool, bool only_open) {
    return db::with_connection(pool, [&](db::connection& conn) {
        auto& query = conn.prepare(
            "SELECT id, order_id, status, gateway_payment_id, total_cents,"
            "       FLOOR(UNIX_TIMESTAMP(created_at)), FLOOR(UNIX_TIMESTAMP(expires_at))"
            "  FROM payment WHERE ? = 0 OR (status IN ('creating', 'open') AND expires_at > NOW(3)) ORDER BY id");
        query.setInt(1, only_open ? 1 : 0);
        std::unique_ptr<sql::ResultSet> rows(query.executeQuery());
        std::vector<payment_report_row> found;
        while (rows->next())
            found.push_back({rows->getInt64(1), rows->getInt64(2), rows->getString(3), text(*rows, 4), rows->getInt64(5),
                             rows->getInt64(6), rows->getInt64(7)});
        return found;
    });
}

std::vector<stock_report_row> stock_report(db::pool& pool) {
    return db::with_connection(pool, [](db::connection& conn) {
        auto& query = conn.prepare(
            "SELECT p.id, p.name, c.name, s.size, s.quantity,"
            "       COALESCE((SELECT SUM(h.quantity) FROM stock_hold h WHERE h.item_stock_id = s.id AND h.expires_at > NOW(3)), 0)"
            "  FROM item_stock s JOIN product p ON p.id = s.product_id JOIN color c ON c.id = s.color_id"
            " ORDER BY p.id, c.name, s.size");
        std::unique_ptr<sql::ResultSet> rows(query.executeQuery());
        std::vector<stock_report_row> found;
        while (rows->next())
            found.push_back({rows->getInt64(1), rows->getString(2), rows->getString(3), rows->getString(4), rows->getInt(5),
                             rows->getInt(6)});
        return found;
    });
}

std::optional<order_report> load_order_report(db::pool& pool, std::int64_t order_id) {
    return db::with_connection(pool, [&](db::connection& conn) -> std::optional<order_report> {
        auto& head = conn.prepare(
            "SELECT o.id, COALESCE(o.email, c.email, CONCAT('guest #', c.id)), o.end_date IS NULL,"
            "       FLOOR(UNIX_TIMESTAMP(o.created_at)), COALESCE(FLOOR(UNIX_TIMESTAMP(o.end_date)), 0),"
            "       COALESCE(o.total_cents, 0),"
            "       CONCAT_WS(', ', o.ship_street, o.ship_number, NULLIF(o.ship_complement, ''), o.ship_neighborhood,"
            "                 o.ship_city, o.ship_state, o.ship_zip)"
            "  FROM shop_order o JOIN client c ON c.id = o.client_id WHERE o.id = ?");
        head.setInt64(1, order_id);
        std::unique_ptr<sql::ResultSet> row(head.executeQuery());
        if (!row->next()) return std::nullopt;
        order_report report;
        report.head = {row->getInt64(1), row->getString(2), row->getBoolean(3), 0, row->getInt64(6), row->getInt64(4),
                       row->getInt64(5)};
        report.ship_to = text(*row, 7);
        auto& lines = conn.prepare(
            "SELECT p.name, c.name, s.size, i.quantity, COALESCE(i.unit_price_cents, p.price_cents)"
            "  FROM ordered_item i JOIN item_stock s ON s.id = i.item_stock_id"
            "  JOIN product p ON p.id = s.product_id JOIN color c ON c.id = s.color_id WHERE i.order_id = ? ORDER BY i.id");
        lines.setInt64(1, order_id);
        std::unique_ptr<sql::ResultSet> found(lines.executeQuery());
        while (found->next())
            report.lines.push_back({found->getString(1), found->getString(2), found->getString(3), found->getInt(4),
                                    found->getInt64(5)});
        auto& payments = conn.prepare(
            "SELECT id, status, gateway_payment_id, total_cents, FLOOR(UNIX_TIMESTAMP(created_at))"
            "  FROM payment WHERE order_id = ? ORDER BY id");
        payments.setInt64(1, order_id);
        std::unique_ptr<sql::ResultSet> paid(payments.executeQuery());
        while (paid->next())
            report.payments.push_back({paid->getInt64(1), paid->getString(2), text(*paid, 3), paid->getInt64(4), paid->getInt64(5)});
        auto& refunds = conn.prepare(
            "SELECT r.id, r.gateway_payment_id, r.status, r.reason, r.amount_cents FROM refund r"
            "  JOIN payment p ON p.id = r.payment_id WHERE p.order_id = ? ORDER BY r.id");
        refunds.setInt64(1, order_id);
        std::unique_ptr<sql::ResultSet> back(refunds.executeQuery());
        while (back->next())
            report.refunds.push_back({back->getInt64(1), back->getString(2), back->getString(3), back->getString(4),
                                      back->getInt64(5)});
        return report;
    });
}

}  // namespace reserva::store
