#include "store/stock_ledger.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>

#include "db/transaction.h"

namespace reserva::store::ledger {
namespace {

struct stock_row {
    int on_hand = 0;
    std::uint64_t version = 0;
};

stock_row lock_row(db::connection& conn, std::int64_t stock_id) {
    auto& lock = conn.prepare("SELECT quantity, stock_version FROM item_stock WHERE id = ? FOR UPDATE");
    lock.setInt64(1, stock_id);
    std::unique_ptr<sql::ResultSet> row(lock.executeQuery());
    if (!row->next()) throw std::runtime_error("stock ledger: no variant with id " + std::to_string(stock_id));
    return {row->getInt(1), row->getUInt64(2)};
}

// The write re-checks what was read under the lock: on a Galera cluster a row another node
// changed meanwhile makes this match nothing, and the transaction runs again (db::write_conflict).
applied write(db::connection& conn, const stock_row& before, const change& what) {
    auto& move = conn.prepare(
        "UPDATE item_stock SET quantity = quantity + ?, stock_version = stock_version + 1"
        " WHERE id = ? AND quantity = ? AND stock_version = ?");
    move.setInt(1, what.delta);
    move.setInt64(2, what.stock_id);
    move.setInt(3, before.on_hand);
    move.setUInt64(4, before.version);
    db::expect_rows(move.executeUpdate(), 1, "stock ledger: the variant changed since it was locked");
    applied done{before.on_hand, before.on_hand + what.delta, before.version + 1};
    auto& row = conn.prepare(
        "INSERT INTO stock_ledger (item_stock_id, delta, on_hand_after, reason, order_id, note, who)"
        " VALUES (?, ?, ?, ?, NULLIF(?, 0), ?, ?)");
    row.setInt64(1, what.stock_id);
    row.setInt(2, what.delta);
    row.setInt(3, done.on_hand_after);
    row.setString(4, code(what.why));
    row.setInt64(5, what.order_id);
    row.setString(6, what.note.substr(0, 500));
    row.setString(7, what.who.substr(0, 254));
    row.executeUpdate();
    return done;
}

// Columns 1-10 of the ledger queries below, read by read_entry.
const char* const entry_columns =
    "SELECT l.id, l.item_stock_id, DATE_FORMAT(l.created_at, '%Y-%m-%d %H:%i:%s.%f'), l.delta, l.on_hand_after,"
    "       l.reason, COALESCE(l.order_id, 0), l.note, l.who, UNIX_TIMESTAMP(l.created_at)";

entry read_entry(sql::ResultSet& row) {
    return {row.getInt64(1), row.getInt64(2), std::string(row.getString(3)).substr(0, 23), row.getInt64(10),
            row.getInt(4),   row.getInt(5),   row.getString(6), row.getInt64(7), row.getString(8), row.getString(9)};
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
    auto& query = conn.prepare(
        "SELECT COALESCE(SUM(quantity), 0), COUNT(*) FROM stock_hold WHERE item_stock_id = ? AND expires_at > NOW(3)");
    query.setInt64(1, stock_id);
    std::unique_ptr<sql::ResultSet> row(query.executeQuery());
    row->next();
    return {row->getInt(1), row->getInt(2)};
}

std::vector<entry> history(db::pool& pool, std::int64_t product_id, std::int64_t stock_id, int limit) {
    return db::with_connection(pool, [&](db::connection& conn) {
        auto& query = conn.prepare(
            std::string(entry_columns) +
            "  FROM stock_ledger l JOIN item_stock s ON s.id = l.item_stock_id"
            " WHERE (? = 0 OR s.product_id = ?) AND (? = 0 OR l.item_stock_id = ?)"
            " ORDER BY l.id DESC LIMIT ?");
        query.setInt64(1, product_id);
        query.setInt64(2, product_id);
        query.setInt64(3, stock_id);
        query.setInt64(4, stock_id);
        query.setInt(5, limit);
        std::unique_ptr<sql::ResultSet> rows(query.executeQuery());
        std::vector<entry> entries;
        while (rows->next()) entries.push_back(read_entry(*rows));
        return entries;
    });
}

std::vector<store_entry> store_history(db::pool& pool, const filter& wanted) {
    return db::with_connection(pool, [&](db::connection& conn) {
        auto& query = conn.prepare(
            std::string(entry_columns) + ","
            "       p.name, c.name, s.size, COALESCE(s.sku, ''), p.id"
            "  FROM stock_ledger l JOIN item_stock s ON s.id = l.item_stock_id"
            "  JOIN product p ON p.id = s.product_id JOIN color c ON c.id = s.color_id"
            " WHERE (? = '' OR l.reason = ?) AND (? = '' OR l.who = ?)"
            "   AND (? = '' OR p.name LIKE CONCAT('%', ?, '%') OR s.sku LIKE CONCAT('%', ?, '%'))"
            " ORDER BY l.id DESC LIMIT ? OFFSET ?");
        query.setString(1, wanted.reason);
        query.setString(2, wanted.reason);
        query.setString(3, wanted.who);
        query.setString(4, wanted.who);
        query.setString(5, wanted.text);
        query.setString(6, wanted.text);
        query.setString(7, wanted.text);
        query.setInt(8, wanted.limit);
        query.setInt(9, wanted.offset);
        std::unique_ptr<sql::ResultSet> rows(query.executeQuery());
        std::vector<store_entry> entries;
        while (rows->next())
            entries.push_back({read_entry(*rows), rows->getString(11), rows->getString(12), rows->getString(13),
                               rows->getString(14), rows->getInt64(15)});
        return entries;
    });
}

}  // namespace reserva::store::ledger
