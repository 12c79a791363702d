#include "store/reports.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>

#include "db/transaction.h"
#include "util/money.h"

namespace reserva::store {
namespace {

std::string text_or(sql::ResultSet& row, int column, const std::string& fallback) {
    return row.isNull(column) ? fallback : std::string(row.getString(column));
}

}  // namespace

text_table orders_report(db::pool& pool) {
    return db::with_connection(pool, [](db::connection& conn) {
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
            " GROUP BY o.id ORDER BY o.id");
        std::unique_ptr<sql::ResultSet> rows(query.executeQuery());
        while (rows->next())
            table.rows.push_back({rows->getString(1), rows->getString(2), rows->getString(3), rows->getString(4),
                                  format_decimal(rows->getInt64(5)), rows->getString(6), text_or(*rows, 7, "-")});
        return table;
    });
}

text_table payments_report(db::pool& pool) {
    return db::with_connection(pool, [](db::connection& conn) {
        text_table table{{"payment", "order", "status", "total", "gateway payment", "created (UTC)", "expires (UTC)"}, {}};
        auto& query = conn.prepare(
            "SELECT id, order_id, status, total_cents, gateway_payment_id,"
            "       DATE_FORMAT(created_at, '%Y-%m-%d %H:%i'), DATE_FORMAT(expires_at, '%Y-%m-%d %H:%i')"
            "  FROM payment ORDER BY id");
        std::unique_ptr<sql::ResultSet> rows(query.executeQuery());
        while (rows->next())
            table.rows.push_back({rows->getString(1), rows->getString(2), rows->getString(3),
                                  format_decimal(rows->getInt64(4)), text_or(*rows, 5, "-"), rows->getString(6),
                                  rows->getString(7)});
        return table;
    });
}

}  // namespace reserva::store
