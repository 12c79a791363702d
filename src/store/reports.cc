#include "store/reports.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <algorithm>
#include <memory>

#include "db/transaction.h"
#include "util/money.h"

namespace reserva::store {
namespace {

std::string text_or(sql::ResultSet& row, int column, const std::string& fallback) {
    return row.isNull(column) ? fallback : std::string(row.getString(column));
}

}  // namespace

text_table orders_report(db::pool& pool, const std::string& status) {
    return db::with_connection(pool, [&](db::connection& conn) {
        text_table table{{"order", "client", "status", "units", "total", "created (UTC)", "finished (UTC)"}, {}};
        // An open order is a cart: its total is what the cart is worth now; a finished one shows what was paid.
        auto& query = conn.prepare(
            "SELECT o.id, COALESCE(c.email, CONCAT('guest #', c.id)),"
            "       IF(o.end_date IS NULL, 'open', 'finished'),"
            "       COALESCE(SUM(i.quantity), 0),"
            "       COALESCE(o.total_cents, SUM(i.quantity * p.price_cents), 0),"
            "       DATE_FORMAT(o.created_at, '%Y-%m-%d %H:%i'), DATE_FORMAT(o.end_date, '%Y-%m-%d %H:%i')"
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
        while (rows->next())
            table.rows.push_back({rows->getString(1), rows->getString(2), rows->getString(3), rows->getString(4),
                                  format_decimal(rows->getInt64(5)), rows->getString(6), text_or(*rows, 7, "-")});
        return table;
    });
}

text_table payments_report(db::pool& pool, bool only_open) {
    return db::with_connection(pool, [&](db::connection& conn) {
        text_table table{{"payment", "order", "status", "total", "gateway payment", "created (UTC)", "expires (UTC)"}, {}};
        auto& query = conn.prepare(
            "SELECT id, order_id, status, total_cents, gateway_payment_id,"
            "       DATE_FORMAT(created_at, '%Y-%m-%d %H:%i'), DATE_FORMAT(expires_at, '%Y-%m-%d %H:%i')"
            "  FROM payment WHERE ? = 0 OR (status IN ('creating', 'open') AND expires_at > NOW(3)) ORDER BY id");
        query.setInt(1, only_open ? 1 : 0);
        std::unique_ptr<sql::ResultSet> rows(query.executeQuery());
        while (rows->next())
            table.rows.push_back({rows->getString(1), rows->getString(2), rows->getString(3),
                                  format_decimal(rows->getInt64(4)), text_or(*rows, 5, "-"), rows->getString(6),
                                  rows->getString(7)});
        return table;
    });
}

text_table stock_report(db::pool& pool) {
    return db::with_connection(pool, [](db::connection& conn) {
        text_table table{{"product", "name", "color", "size", "on hand", "held", "available"}, {}};
        auto& query = conn.prepare(
            "SELECT p.id, p.name, c.name, s.size, s.quantity,"
            "       COALESCE((SELECT SUM(h.quantity) FROM stock_hold h WHERE h.item_stock_id = s.id AND h.expires_at > NOW(3)), 0)"
            "  FROM item_stock s JOIN product p ON p.id = s.product_id JOIN color c ON c.id = s.color_id"
            " ORDER BY p.id, c.name, s.size");
        std::unique_ptr<sql::ResultSet> rows(query.executeQuery());
        while (rows->next()) {
            int on_hand = rows->getInt(5), held = rows->getInt(6);
            table.rows.push_back({rows->getString(1), rows->getString(2), rows->getString(3), rows->getString(4),
                                  std::to_string(on_hand), std::to_string(held), std::to_string(std::max(0, on_hand - held))});
        }
        return table;
    });
}

std::vector<std::pair<std::string, text_table>> order_report(db::pool& pool, std::int64_t order_id) {
    return db::with_connection(pool, [&](db::connection& conn) {
        std::vector<std::pair<std::string, text_table>> sections;
        auto& head = conn.prepare(
            "SELECT o.id, COALESCE(o.email, c.email, CONCAT('guest #', c.id)), IF(o.end_date IS NULL, 'open', 'finished'),"
            "       DATE_FORMAT(o.created_at, '%Y-%m-%d %H:%i'), COALESCE(DATE_FORMAT(o.end_date, '%Y-%m-%d %H:%i'), '-'),"
            "       COALESCE(o.total_cents, 0),"
            "       CONCAT_WS(', ', o.ship_street, o.ship_number, NULLIF(o.ship_complement, ''), o.ship_neighborhood,"
            "                 o.ship_city, o.ship_state, o.ship_zip)"
            "  FROM shop_order o JOIN client c ON c.id = o.client_id WHERE o.id = ?");
        head.setInt64(1, order_id);
        std::unique_ptr<sql::ResultSet> row(head.executeQuery());
        if (!row->next()) return sections;
        sections.push_back({"Order", {{"order", "client", "status", "created (UTC)", "finished (UTC)", "total paid", "ship to"},
                                      {{row->getString(1), row->getString(2), row->getString(3), row->getString(4),
                                        row->getString(5), format_decimal(row->getInt64(6)), text_or(*row, 7, "-")}}}});
        auto& lines = conn.prepare(
            "SELECT p.name, c.name, s.size, i.quantity, COALESCE(i.unit_price_cents, p.price_cents)"
            "  FROM ordered_item i JOIN item_stock s ON s.id = i.item_stock_id"
            "  JOIN product p ON p.id = s.product_id JOIN color c ON c.id = s.color_id WHERE i.order_id = ? ORDER BY i.id");
        lines.setInt64(1, order_id);
        text_table line_table{{"product", "color", "size", "quantity", "unit price"}, {}};
        std::unique_ptr<sql::ResultSet> found(lines.executeQuery());
        while (found->next())
            line_table.rows.push_back({found->getString(1), found->getString(2), found->getString(3), found->getString(4),
                                       format_decimal(found->getInt64(5))});
        sections.push_back({"Lines", line_table});
        auto& payments = conn.prepare(
            "SELECT id, status, total_cents, COALESCE(gateway_payment_id, '-'), DATE_FORMAT(created_at, '%Y-%m-%d %H:%i')"
            "  FROM payment WHERE order_id = ? ORDER BY id");
        payments.setInt64(1, order_id);
        text_table payment_table{{"payment", "status", "total", "gateway payment", "created (UTC)"}, {}};
        std::unique_ptr<sql::ResultSet> paid(payments.executeQuery());
        while (paid->next())
            payment_table.rows.push_back({paid->getString(1), paid->getString(2), format_decimal(paid->getInt64(3)),
                                          paid->getString(4), paid->getString(5)});
        sections.push_back({"Payments", payment_table});
        auto& refunds = conn.prepare(
            "SELECT r.id, r.gateway_payment_id, r.amount_cents, r.status, r.reason FROM refund r"
            "  JOIN payment p ON p.id = r.payment_id WHERE p.order_id = ? ORDER BY r.id");
        refunds.setInt64(1, order_id);
        text_table refund_table{{"refund", "gateway payment", "amount", "status", "reason"}, {}};
        std::unique_ptr<sql::ResultSet> back(refunds.executeQuery());
        while (back->next())
            refund_table.rows.push_back({back->getString(1), back->getString(2), format_decimal(back->getInt64(3)),
                                         back->getString(4), back->getString(5)});
        sections.push_back({"Refunds", refund_table});
        return sections;
    });
}

}  // namespace reserva::store
