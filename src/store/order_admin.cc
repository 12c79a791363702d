#include "store/order_admin.h"

#include <algorithm>
#include <memory>

#include "db/statements.h"
#include "db/transaction.h"
#include "store/order_state.h"
#include "util/text.h"

namespace reserva::store {
namespace {

std::string text(const db::result& row, int column) { return row.is_null(column) ? "" : row.text(column); }

// The columns of inbox_row, over shop_order o JOIN client c. An unfinished order's total is what
// its newest payment link asks.
const std::string row_columns = std::string(
    "o.id, FLOOR(UNIX_TIMESTAMP(o.created_at)), COALESCE(FLOOR(UNIX_TIMESTAMP(o.end_date)), 0), ") + order_state_sql +
    " AS state, COALESCE(o.email, c.email, ''), c.name, COALESCE(o.gateway_alert, ''),"
    " (SELECT COALESCE(SUM(i.quantity), 0) FROM ordered_item i WHERE i.order_id = o.id),"
    " COALESCE(o.total_cents, (SELECT np.total_cents FROM payment np WHERE np.order_id = o.id ORDER BY np.id DESC LIMIT 1), 0),"
    " o.refunded_cents";

inbox_row read_row(const db::result& row) {
    return {row.int64(1), row.int64(2), row.int64(3), row.text(4), row.text(5), text(row, 6),
            row.text(7), row.int32(8), row.int64(9), row.int64(10)};
}

// LIKE's own characters in what a person typed match only themselves.
std::string like_pattern(const std::string& typed) {
    std::string out = "%";
    for (char c : typed) {
        if (c == '%' || c == '_' || c == '\\') out += '\\';
        out += c;
    }
    return out + "%";
}

std::int64_t searched_id(const std::string& search) {
    std::string_view s = trim(search);
    if (!s.empty() && s.front() == '#') s.remove_prefix(1);
    auto id = parse_id(s);
    return id ? *id : 0;
}

void read_lines(db::connection& conn, admin_order& order) {
    auto rows = db::query(conn,
        "SELECT i.id, p.id, c.id, p.name, c.name, s.size, i.quantity, COALESCE(i.unit_price_cents, p.price_cents),"
        "       (SELECT COALESCE(SUM(rl.quantity), 0) FROM refund_line rl JOIN refund r ON r.id = rl.refund_id"
        "         WHERE rl.ordered_item_id = i.id AND r.status = 'done')"
        "  FROM ordered_item i JOIN item_stock s ON s.id = i.item_stock_id"
        "  JOIN product p ON p.id = s.product_id JOIN color c ON c.id = s.color_id WHERE i.order_id = ? ORDER BY i.id",
        order.head.id);
    while (rows.next()) {
        admin_line line;
        line.line_id = rows.int64(1);
        line.product_id = rows.int64(2);
        line.color_id = rows.int64(3);
        line.product_name = rows.text(4);
        line.color_name = rows.text(5);
        line.size = rows.text(6);
        line.quantity = rows.int32(7);
        line.unit_price = rows.int64(8);
        line.restocked = rows.int32(9);
        order.lines.push_back(line);
    }
}

void read_payments_and_refunds(db::connection& conn, admin_order& order) {
    auto rows = db::query(conn,
        "SELECT id, COALESCE(gateway_payment_id, ''), status, total_cents, FLOOR(UNIX_TIMESTAMP(created_at)),"
        "       COALESCE(FLOOR(UNIX_TIMESTAMP(finished_at)), 0) FROM payment WHERE order_id = ? ORDER BY id",
        order.head.id);
    while (rows.next())
        order.payments.push_back({rows.int64(1), rows.text(2), rows.text(3), rows.int64(4),
                                  rows.int64(5), rows.int64(6)});
    auto found = db::query(conn,
        "SELECT r.id, r.amount_cents, r.reason, r.status, r.kind, COALESCE(r.requested_by, 'system'),"
        "       FLOOR(UNIX_TIMESTAMP(r.created_at))"
        "  FROM refund r JOIN payment p ON p.id = r.payment_id WHERE p.order_id = ? ORDER BY r.id", order.head.id);
    while (found.next())
        order.refunds.push_back({found.int64(1), found.int64(2), found.text(3), found.text(4),
                                 found.text(5), found.text(6), found.int64(7)});
}

// Events the rows already tell (a link made, a payment approved) and the recorded ones.
void read_timeline(db::connection& conn, admin_order& order) {
    order.timeline.push_back({order.head.created_at, "shopper", "created", "Cart started"});
    for (auto& p : order.payments) {
        order.timeline.push_back({p.created_at, "shopper", "payment", "Confirmed: payment link " + std::to_string(p.id)});
        if (p.finished_at && p.status == "approved")
            order.timeline.push_back({p.finished_at, "system", "payment",
                                      "Payment approved at Mercado Pago (" + p.gateway_payment_id + ")"});
    }
    for (auto& r : order.refunds)
        if (r.kind == "automatic")
            order.timeline.push_back({r.created_at, "system", "refund", "Automatic refund: " + r.reason});
    auto rows = db::query(conn,
        "SELECT FLOOR(UNIX_TIMESTAMP(at)), who, kind, text FROM order_event WHERE order_id = ? ORDER BY id",
        order.head.id);
    while (rows.next())
        order.timeline.push_back({rows.int64(1), rows.text(2), rows.text(3), rows.text(4)});
    std::stable_sort(order.timeline.begin(), order.timeline.end(),
                     [](const timeline_entry& a, const timeline_entry& b) { return a.at < b.at; });
}

}  // namespace

inbox_page list_orders(db::pool& pool, const inbox_query& query) {
    return db::with_connection(pool, [&](db::connection& conn) {
        inbox_page page;
        std::string search(trim(query.search));
        std::int64_t id = searched_id(search);
        std::string pattern = id ? "" : like_pattern(search);
        auto found = db::query(conn,
            "SELECT " + row_columns + " FROM shop_order o JOIN client c ON c.id = o.client_id"
            " WHERE " + is_an_order_sql +
            "   AND (? = 0 OR o.id = ?)"
            "   AND (? = '' OR o.email LIKE ? OR c.email LIKE ? OR c.name LIKE ?)"
            " HAVING ? = '' OR state = ? ORDER BY o.id DESC LIMIT ? OFFSET ?",
            id, id, id || search.empty() ? "" : "x", pattern, pattern, pattern, query.state, query.state,
            inbox_page_size + 1, (std::max(query.page, 1) - 1) * inbox_page_size);
        while (found.next()) page.rows.push_back(read_row(found));
        if (page.rows.size() > static_cast<std::size_t>(inbox_page_size)) {
            page.rows.pop_back();
            page.more = true;
        }
        auto counted = db::query(conn,
            std::string("SELECT ") + order_state_sql +
            " AS state, COUNT(*), SUM(o.gateway_alert IS NOT NULL) FROM shop_order o WHERE " +
            is_an_order_sql + " GROUP BY state");
        while (counted.next()) {
            page.counts[counted.text(1)] = counted.int32(2);
            page.flagged += counted.int32(3);
        }
        return page;
    });
}

std::optional<admin_order> load_admin_order(db::pool& pool, std::int64_t order_id) {
    return db::with_connection(pool, [&](db::connection& conn) -> std::optional<admin_order> {
        auto row = db::query(conn,
            "SELECT " + row_columns + ", o.ship_street, o.ship_number, o.ship_complement, o.ship_neighborhood, o.ship_city,"
            " o.ship_state, o.ship_zip, o.carrier, o.tracking, COALESCE(FLOOR(UNIX_TIMESTAMP(o.shipped_at)), 0),"
            " COALESCE(FLOOR(UNIX_TIMESTAMP(o.delivered_at)), 0)"
            " FROM shop_order o JOIN client c ON c.id = o.client_id WHERE o.id = ? AND " + is_an_order_sql, order_id);
        if (!row.next()) return std::nullopt;
        admin_order order;
        order.head = read_row(row);
        order.ship_to = {text(row, 11), text(row, 12), text(row, 13), text(row, 14), text(row, 15), text(row, 16),
                         text(row, 17)};
        order.carrier = text(row, 18);
        order.tracking = text(row, 19);
        order.shipped_at = row.int64(20);
        order.delivered_at = row.int64(21);
        read_lines(conn, order);
        read_payments_and_refunds(conn, order);
        read_timeline(conn, order);
        return order;
    });
}

day_figures figures_of_the_day(db::pool& pool, std::int64_t since) {
    return db::with_connection(pool, [&](db::connection& conn) {
        day_figures day;
        auto counted = db::query(conn,
            std::string("SELECT ") + order_state_sql +
            " AS state, COUNT(*), SUM(o.gateway_alert IS NOT NULL) FROM shop_order o WHERE " +
            is_an_order_sql + " GROUP BY state");
        while (counted.next()) {
            if (counted.text(1) == "paid") day.to_ship = counted.int32(2);
            if (counted.text(1) == "awaiting_payment") day.awaiting_payment = counted.int32(2);
            day.flagged += counted.int32(3);
        }
        auto sold = db::query(conn,
            "SELECT COUNT(*), COALESCE(SUM(total_cents - refunded_cents), 0) FROM shop_order WHERE end_date >= FROM_UNIXTIME(?)",
            since);
        if (sold.next()) {
            day.orders_today = sold.int32(1);
            day.sales_today = sold.int64(2);
        }
        auto waiting = db::query(conn,
            "SELECT " + row_columns + " FROM shop_order o JOIN client c ON c.id = o.client_id"
            " WHERE o.end_date IS NOT NULL AND o.shipped_at IS NULL HAVING state = 'paid'"
            " ORDER BY o.end_date LIMIT 10");
        while (waiting.next()) day.to_ship_rows.push_back(read_row(waiting));
        return day;
    });
}

std::vector<inbox_row> orders_for_export(db::pool& pool, std::int64_t from, std::int64_t to) {
    // FROM_UNIXTIME takes 32-bit times only (NULL beyond 2038): a later end means "until now".
    to = std::min<std::int64_t>(to, 2147483647);
    return db::with_connection(pool, [&](db::connection& conn) {
        auto rows = db::query(conn,
            "SELECT " + row_columns + " FROM shop_order o JOIN client c ON c.id = o.client_id"
            " WHERE o.end_date >= FROM_UNIXTIME(?) AND o.end_date < FROM_UNIXTIME(?)"
            " ORDER BY o.end_date, o.id", from, to);
        std::vector<inbox_row> found;
        while (rows.next()) found.push_back(read_row(rows));
        return found;
    });
}

}  // namespace reserva::store
