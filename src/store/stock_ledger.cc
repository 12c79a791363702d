#include "store/stock_ledger.h"

#include <memory>

#include "db/statements.h"
#include "db/transaction.h"

namespace reserva::store::ledger {
namespace {

struct stock_row {
    int on_hand = 0;
    std::uint64_t version = 0;
};

stock_row lock_row(db::connection& conn, std::int64_t stock_id) {
    auto row = db::query(conn, "SELECT quantity, stock_version FROM item_stock WHERE id = ? FOR UPDATE", stock_id);
    if (!row.next()) throw std::runtime_error("stock ledger: no variant with id " + std::to_string(stock_id));
    return {row.int32(1), row.uint64(2)};
}

// The write re-checks what was read under the lock: on a Galera cluster a row another node
// changed meanwhile makes this match nothing, and the transaction runs again (db::write_conflict).
applied write(db::connection& conn, const stock_row& before, const change& what) {
    db::expect_rows(db::execute(conn,
        "UPDATE item_stock SET quantity = quantity + ?, stock_version = stock_version + 1"
        " WHERE id = ? AND quantity = ? AND stock_version = ?",
        what.delta, what.stock_id, before.on_hand, before.version), 1, "stock ledger: the variant changed since it was locked");
    applied done{before.on_hand, before.on_hand + what.delta, before.version + 1};
    db::execute(conn,
        "INSERT INTO stock_ledger (item_stock_id, delta, on_hand_after, reason, order_id, note, who)"
        " VALUES (?, ?, ?, ?, NULLIF(?, 0), ?, ?)",
        what.stock_id, what.delta, done.on_hand_after, code(what.why), what.order_id, what.note.substr(0, 500), what.who.substr(0, 254));
    return done;
}

// Columns 1-10 of the ledger queries below, read by read_entry.
const char* const entry_columns =
    "SELECT l.id, l.item_stock_id, DATE_FORMAT(l.created_at, '%Y-%m-%d %H:%i:%s.%f'), l.delta, l.on_hand_after,"
    "       l.reason, COALESCE(l.order_id, 0), l.note, l.who, UNIX_TIMESTAMP(l.created_at)";

entry read_entry(const db::result& row) {
    return {row.int64(1), row.int64(2), row.text(3).substr(0, 23), row.int64(10),
            row.int32(4),   row.int32(5),   row.text(6), row.int64(7), row.text(8), row.text(9)};
}

}  // namespace

const char* code(reason why) {
    switch (why) {
        case reason::sale: return "sale";
        case reason::refund: return "refund";
        case reason::adjust: return "adjust";
        case reason::count: return "count";
        case reason::import: return "import";
        case reason::demo: return "demo";
    }
    return "adjust";
}

below_zero::below_zero(int on_hand_now, int delta)
    : std::runtime_error("on-hand stock is " + std::to_string(on_hand_now) + ": a change of " + std::to_string(delta) +
                         " would take it below 0"),
      on_hand(on_hand_now) {}

stale_count::stale_count(int on_hand_now, std::uint64_t version_now)
    : std::runtime_error("the stock changed since the count was started: on hand is now " + std::to_string(on_hand_now)),
      on_hand(on_hand_now),
      version(version_now) {}

applied apply(db::connection& conn, const change& what) {
    auto before = lock_row(conn, what.stock_id);
    if (what.delta == 0) return {before.on_hand, before.on_hand, before.version};
    if (before.on_hand + static_cast<long long>(what.delta) < 0) throw below_zero(before.on_hand, what.delta);
    return write(conn, before, what);
}

applied set_to(db::connection& conn, std::int64_t stock_id, int quantity, reason why, const std::string& who,
               const std::string& note, std::optional<std::uint64_t> expected_version) {
    if (quantity < 0) throw below_zero(0, quantity);
    auto before = lock_row(conn, stock_id);
    if (expected_version && *expected_version != before.version) throw stale_count(before.on_hand, before.version);
    if (quantity == before.on_hand) return {before.on_hand, before.on_hand, before.version};
    return write(conn, before, {stock_id, quantity - before.on_hand, why, who, 0, note});
}

held_by_orders live_holds(db::connection& conn, std::int64_t stock_id) {
    auto row = db::query(conn,
        "SELECT COALESCE(SUM(quantity), 0), COUNT(*) FROM stock_hold WHERE item_stock_id = ? AND expires_at > NOW(3)",
        stock_id);
    row.next();
    return {row.int32(1), row.int32(2)};
}

std::vector<entry> history(db::pool& pool, std::int64_t product_id, std::int64_t stock_id, int limit) {
    return db::with_connection(pool, [&](db::connection& conn) {
        auto rows = db::query(conn,
            std::string(entry_columns) +
            "  FROM stock_ledger l JOIN item_stock s ON s.id = l.item_stock_id"
            " WHERE (? = 0 OR s.product_id = ?) AND (? = 0 OR l.item_stock_id = ?)"
            " ORDER BY l.id DESC LIMIT ?", product_id, product_id, stock_id, stock_id, limit);
        std::vector<entry> entries;
        while (rows.next()) entries.push_back(read_entry(rows));
        return entries;
    });
}

std::vector<store_entry> store_history(db::pool& pool, const filter& wanted) {
    return db::with_connection(pool, [&](db::connection& conn) {
        auto rows = db::query(conn,
            std::string(entry_columns) + ","
            "       p.name, c.name, s.size, COALESCE(s.sku, ''), p.id"
            "  FROM stock_ledger l JOIN item_stock s ON s.id = l.item_stock_id"
            "  JOIN product p ON p.id = s.product_id JOIN color c ON c.id = s.color_id"
            " WHERE (? = '' OR l.reason = ?) AND (? = '' OR l.who = ?)"
            "   AND (? = '' OR p.name LIKE CONCAT('%', ?, '%') OR s.sku LIKE CONCAT('%', ?, '%'))"
            " ORDER BY l.id DESC LIMIT ? OFFSET ?",
            wanted.reason, wanted.reason, wanted.who, wanted.who, wanted.text, wanted.text, wanted.text, wanted.limit, wanted.offset);
        std::vector<store_entry> entries;
        while (rows.next())
            entries.push_back({read_entry(rows), rows.text(11), rows.text(12), rows.text(13),
                               rows.text(14), rows.int64(15)});
        return entries;
    });
}

}  // namespace reserva::store::ledger
