#include "store/reports.h"

#include <memory>

#include "db/statements.h"
#include "db/transaction.h"

namespace reserva::store {
namespace {

std::string text(const db::result& row, int column) { return row.is_null(column) ? "" : row.text(column); }

}  // namespace

std::vector<order_report_row> orders_report(db::pool& pool, const std::string& status) {
    return db::with_connection(pool, [&](db::connection& conn) {
        // An open order is a cart: its total is what the cart is worth now; a finished one shows what was paid.
        auto rows = db::query(conn,
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
            " GROUP BY o.id ORDER BY o.id", status, status);
        std::vector<order_report_row> found;
        while (rows.next())
            found.push_back({rows.int64(1), rows.text(2), rows.boolean(3), rows.int32(4), rows.int64(5),
                             rows.int64(6), rows.int64(7)});
        return found;
    });
}

std::vector<payment_report_row> payments_report(db::pool& pool, bool only_open) {
    return db::with_connection(pool, [&](db::connection& conn) {
        auto rows = db::query(conn,
            "SELECT id, order_id, status, gateway_payment_id, total_cents,"
            "       FLOOR(UNIX_TIMESTAMP(created_at)), FLOOR(UNIX_TIMESTAMP(expires_at))"
            "  FROM payment WHERE ? = 0 OR (status IN ('creating', 'open') AND expires_at > NOW(3)) ORDER BY id",
            only_open ? 1 : 0);
        std::vector<payment_report_row> found;
        while (rows.next())
            found.push_back({rows.int64(1), rows.int64(2), rows.text(3), text(rows, 4), rows.int64(5),
                             rows.int64(6), rows.int64(7)});
        return found;
    });
}

std::vector<stock_report_row> stock_report(db::pool& pool) {
    return db::with_connection(pool, [](db::connection& conn) {
        auto rows = db::query(conn,
            "SELECT p.id, p.name, c.name, s.size, s.quantity,"
            "       COALESCE((SELECT SUM(h.quantity) FROM stock_hold h WHERE h.item_stock_id = s.id AND h.expires_at > NOW(3)), 0)"
            "  FROM item_stock s JOIN product p ON p.id = s.product_id JOIN color c ON c.id = s.color_id"
            " ORDER BY p.id, c.name, s.size");
        std::vector<stock_report_row> found;
        while (rows.next())
            found.push_back({rows.int64(1), rows.text(2), rows.text(3), rows.text(4), rows.int32(5),
                             rows.int32(6)});
        return found;
    });
}

std::optional<order_report> load_order_report(db::pool& pool, std::int64_t order_id) {
    return db::with_connection(pool, [&](db::connection& conn) -> std::optional<order_report> {
        auto row = db::query(conn,
            "SELECT o.id, COALESCE(o.email, c.email, CONCAT('guest #', c.id)), o.end_date IS NULL,"
            "       FLOOR(UNIX_TIMESTAMP(o.created_at)), COALESCE(FLOOR(UNIX_TIMESTAMP(o.end_date)), 0),"
            "       COALESCE(o.total_cents, 0),"
            "       CONCAT_WS(', ', o.ship_street, o.ship_number, NULLIF(o.ship_complement, ''), o.ship_neighborhood,"
            "                 o.ship_city, o.ship_state, o.ship_zip)"
            "  FROM shop_order o JOIN client c ON c.id = o.client_id WHERE o.id = ?", order_id);
        if (!row.next()) return std::nullopt;
        order_report report;
        report.head = {row.int64(1), row.text(2), row.boolean(3), 0, row.int64(6), row.int64(4),
                       row.int64(5)};
        report.ship_to = text(row, 7);
        auto found = db::query(conn,
            "SELECT p.name, c.name, s.size, i.quantity, COALESCE(i.unit_price_cents, p.price_cents)"
            "  FROM ordered_item i JOIN item_stock s ON s.id = i.item_stock_id"
            "  JOIN product p ON p.id = s.product_id JOIN color c ON c.id = s.color_id WHERE i.order_id = ? ORDER BY i.id",
            order_id);
        while (found.next())
            report.lines.push_back({found.text(1), found.text(2), found.text(3), found.int32(4),
                                    found.int64(5)});
        auto paid = db::query(conn,
            "SELECT id, status, gateway_payment_id, total_cents, FLOOR(UNIX_TIMESTAMP(created_at))"
            "  FROM payment WHERE order_id = ? ORDER BY id", order_id);
        while (paid.next())
            report.payments.push_back({paid.int64(1), paid.text(2), text(paid, 3), paid.int64(4), paid.int64(5)});
        auto back = db::query(conn,
            "SELECT r.id, r.gateway_payment_id, r.status, r.reason, r.amount_cents FROM refund r"
            "  JOIN payment p ON p.id = r.payment_id WHERE p.order_id = ? ORDER BY r.id", order_id);
        while (back.next())
            report.refunds.push_back({back.int64(1), back.text(2), back.text(3), back.text(4),
                                      back.int64(5)});
        return report;
    });
}

}  // namespace reserva::store
