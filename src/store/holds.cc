#include "store/holds.h"

#include <algorithm>
#include <map>
#include <optional>
#include <vector>

#include "db/statements.h"
#include "db/transaction.h"

namespace reserva::store::holds {

namespace {

// The variant's holds changed by `delta` units, some deleted: held moves by delta, and
// held_lapses_at becomes the earliest expiry left. The first statement locks the stock row, and
// every writer of the variant's holds writes that row too, so none can commit before the second
// statement, whose read (READ COMMITTED, db/pool.cc: a fresh view per statement) sees them all.
void settle_after_release(db::connection& conn, std::int64_t stock_id, int delta) {
    db::execute(conn, "UPDATE item_stock SET held = held + ? WHERE id = ?", delta, stock_id);
    db::execute(conn,
        "UPDATE item_stock SET held_lapses_at = (SELECT MIN(h.expires_at) FROM stock_hold h WHERE h.item_stock_id = ?)"
        " WHERE id = ?",
        stock_id, stock_id);
}

// The units other orders' live holds keep of the variant, summed hold by hold (for a variant
// whose counts include a lapsed hold).
int live_others(db::connection& conn, std::int64_t stock_id, std::int64_t order_id) {
    // On the cart page's path (line_collector::take): built once.
    static const std::string live =
        "SELECT COALESCE(SUM(quantity), 0) FROM stock_hold WHERE item_stock_id = ? AND order_id <> ? AND expires_at > NOW(3)";
    auto sum = db::query(conn, live, stock_id, order_id);
    sum.next();
    return sum.int32(1);
}

}  // namespace

void hold(db::connection& conn, std::int64_t order_id, std::int64_t stock_id, int quantity, int minutes) {
    db::execute(conn,
        "INSERT INTO stock_hold (order_id, item_stock_id, quantity, expires_at)"
        " VALUES (?, ?, ?, NOW(3) + INTERVAL ? MINUTE)",
        order_id, stock_id, quantity, minutes);
    // A new hold can only make the earliest expiry earlier: LEAST with its own expires_at (read
    // from the row just written, so both carry the same instant).
    db::execute(conn,
        "UPDATE item_stock s JOIN stock_hold h ON h.order_id = ? AND h.item_stock_id = s.id"
        "   SET s.hold_version = s.hold_version + 1, s.held = s.held + h.quantity,"
        "       s.held_lapses_at = LEAST(COALESCE(s.held_lapses_at, h.expires_at), h.expires_at)"
        " WHERE s.id = ?",
        order_id, stock_id);
}

int release_order(db::connection& conn, std::int64_t order_id) {
    auto rows = db::query(conn,
        "SELECT item_stock_id, quantity FROM stock_hold WHERE order_id = ? ORDER BY item_stock_id FOR UPDATE", order_id);
    std::vector<std::pair<std::int64_t, int>> released;
    while (rows.next()) released.push_back({rows.int64(1), rows.int32(2)});
    // Exactly the rows read, by key: under READ COMMITTED (no gap locks) a DELETE by order could
    // also take a hold committed after the read, whose units would then never leave `held`.
    for (auto& [stock_id, units] : released) {
        db::execute(conn, "DELETE FROM stock_hold WHERE order_id = ? AND item_stock_id = ?", order_id, stock_id);
        settle_after_release(conn, stock_id, -units);  // an order holds a variant once
    }
    return static_cast<int>(released.size());
}

int release_lapsed(db::connection& conn) {
    // SKIP LOCKED: a hold another transaction has locked is being released or replaced by it (or
    // is left for the next pass), and the scan never waits on a checkout.
    auto rows = db::query(conn,
        "SELECT order_id, item_stock_id, quantity FROM stock_hold WHERE expires_at <= NOW(3) FOR UPDATE SKIP LOCKED");
    std::map<std::int64_t, int> units_by_variant;  // ascending: the order stock rows are locked in
    int count = 0;
    while (rows.next()) {
        db::execute(conn, "DELETE FROM stock_hold WHERE order_id = ? AND item_stock_id = ?", rows.int64(1), rows.int64(2));
        units_by_variant[rows.int64(2)] += rows.int32(3);
        ++count;
    }
    for (auto& [stock_id, units] : units_by_variant) settle_after_release(conn, stock_id, -units);
    return count;
}

std::string own_join(const std::string& own_order) {
    if (own_order.empty()) return "";
    return " LEFT JOIN stock_hold own ON own.order_id = " + own_order +
           " AND own.item_stock_id = s.id AND own.expires_at > NOW(3)";
}

std::string counted_columns(const std::string& own_order) {
    // While a counted hold has lapsed, held overstates what is held: base is then the quantity
    // on hand, from which available() subtracts the live holds it reads.
    return "IF(s.held_lapses_at <= NOW(3), s.quantity, s.quantity - s.held" +
           std::string(own_order.empty() ? "" : " + COALESCE(own.quantity, 0)") +
           "), COALESCE(s.held_lapses_at <= NOW(3), 0)";
}

int available(db::connection& conn, int base, bool lapsed, std::int64_t stock_id, std::int64_t order_id) {
    if (!lapsed) return std::max(0, base);
    return std::max(0, base - live_others(conn, stock_id, order_id));
}

int available_to(db::connection& conn, std::int64_t stock_id, std::int64_t order_id, bool lock) {
    static const std::string counts =
        "SELECT " + counted_columns("?") + " FROM item_stock s" + own_join("?") + " WHERE s.id = ?";
    static const std::string counts_locked = counts + " FOR UPDATE";
    auto row = db::query(conn, lock ? counts_locked : counts, order_id, stock_id);
    if (!row.next()) return 0;
    return available(conn, row.int32(1), row.boolean(2), stock_id, order_id);
}

int payable_to(db::connection& conn, std::int64_t stock_id, std::int64_t order_id) {
    static const std::string counts =
        "SELECT s.quantity, s.held, COALESCE(own.quantity, 0), COALESCE(s.held_lapses_at <= NOW(3), 0)"
        "  FROM item_stock s" + own_join("?") + " WHERE s.id = ? FOR UPDATE";
    auto row = db::query(conn, counts, order_id, stock_id);
    if (!row.next()) return 0;
    int on_hand = row.int32(1), own = row.int32(3);
    // While no counted hold has lapsed, every hold is live and the others' are held minus our own.
    int others = row.boolean(4) ? live_others(conn, stock_id, order_id) : row.int32(2) - own;
    int unheld = std::max(0, on_hand - own - others);
    return std::max(0, std::min(on_hand, own + unheld));
}

std::vector<count_fix> correct_counts(db::pool& pool) {
    auto suspects = db::with_connection(pool, [](db::connection& conn) {
        auto rows = db::query(conn,
            "SELECT s.id FROM item_stock s"
            "  LEFT JOIN (SELECT item_stock_id, SUM(quantity) AS units, MIN(expires_at) AS earliest"
            "               FROM stock_hold GROUP BY item_stock_id) h ON h.item_stock_id = s.id"
            " WHERE s.held <> COALESCE(h.units, 0) OR NOT s.held_lapses_at <=> h.earliest ORDER BY s.id");
        std::vector<std::int64_t> ids;
        while (rows.next()) ids.push_back(rows.int64(1));
        return ids;
    });
    std::vector<count_fix> fixed;
    for (auto stock_id : suspects) {
        auto fix = db::in_transaction(pool, [&](db::connection& conn) -> std::optional<count_fix> {
            auto row = db::query(conn, "SELECT held FROM item_stock WHERE id = ? FOR UPDATE", stock_id);
            if (!row.next()) return std::nullopt;
            int held_was = row.int32(1);
            // The row lock is held from here on, and every writer of the variant's holds takes it:
            // this statement's read sees all of them.
            int recounted = db::execute(conn,
                "UPDATE item_stock SET"
                "  held = (SELECT COALESCE(SUM(h.quantity), 0) FROM stock_hold h WHERE h.item_stock_id = ?),"
                "  held_lapses_at = (SELECT MIN(h.expires_at) FROM stock_hold h WHERE h.item_stock_id = ?)"
                " WHERE id = ?",
                stock_id, stock_id, stock_id);
            if (recounted == 0) return std::nullopt;  // it was right after all
            auto after = db::query(conn, "SELECT held FROM item_stock WHERE id = ?", stock_id);
            after.next();
            return count_fix{stock_id, held_was, after.int32(1)};
        });
        if (fix) fixed.push_back(*fix);
    }
    return fixed;
}

}  // namespace reserva::store::holds
