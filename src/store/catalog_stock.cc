#include "store/catalog_stock.h"

#include <algorithm>
#include <memory>

#include "db/statements.h"
#include "db/transaction.h"
#include "store/catalog.h"
#include "store/catalog_admin.h"
#include "store/stock_ledger.h"

namespace reserva::store {
namespace {

void lock_variant(db::connection& conn, std::int64_t stock_id) {
    auto row = db::query(conn, "SELECT id FROM item_stock WHERE id = ? FOR UPDATE", stock_id);
    if (!row.next()) throw invalid_request("no variant with id " + std::to_string(stock_id));
}

stock_outcome outcome(db::connection& conn, std::int64_t stock_id, int on_hand) {
    auto held = ledger::live_holds(conn, stock_id);
    return {on_hand, held.units, held.orders};
}

}  // namespace

std::vector<stock_cell> stock_grid(db::pool& pool, const std::string& q, bool low_only, int default_threshold) {
    return db::with_connection(pool, [&](db::connection& conn) {
        variant_filter filter;
        filter.text = q;
        filter.low_only = low_only;
        auto cells = variants_with_product(conn, filter, default_threshold, variant_order::newest_product);
        // Sizes in the order a shopper expects them (store::size_rank), not as text.
        std::stable_sort(cells.begin(), cells.end(), [](const stock_cell& a, const stock_cell& b) {
            if (a.product_id != b.product_id) return a.product_id > b.product_id;
            if (a.color != b.color) return a.color < b.color;
            return size_rank(a.size) < size_rank(b.size);
        });
        return cells;
    });
}

std::optional<stock_cell> stock_cell_of(db::pool& pool, std::int64_t stock_id, int default_threshold) {
    return db::with_connection(pool, [&](db::connection& conn) -> std::optional<stock_cell> {
        variant_filter filter;
        filter.stock_id = stock_id;
        auto cells = variants_with_product(conn, filter, default_threshold, variant_order::newest_product);
        if (cells.empty()) return std::nullopt;
        return cells.front();
    });
}

stock_outcome held_now(db::pool& pool, std::int64_t stock_id) {
    return db::with_connection(pool, [&](db::connection& conn) { return outcome(conn, stock_id, 0); });
}

stock_outcome adjust_variant(db::pool& pool, std::int64_t stock_id, int delta, const std::string& reason, const actor& by) {
    return db::in_transaction(pool, [&](db::connection& conn) {
        lock_variant(conn, stock_id);
        auto done = ledger::apply(conn, {stock_id, delta, ledger::reason::adjust, by.who, 0, reason});
        record_audit(conn, by, "stock.adjust", "variant " + std::to_string(stock_id), std::to_string(done.on_hand_before),
                     std::to_string(done.on_hand_after) + " (" + reason + ")");
        return outcome(conn, stock_id, done.on_hand_after);
    });
}

stock_outcome count_variant(db::pool& pool, std::int64_t stock_id, int quantity, std::uint64_t version,
                            const std::string& reason, const actor& by) {
    return db::in_transaction(pool, [&](db::connection& conn) {
        lock_variant(conn, stock_id);
        auto done = ledger::set_to(conn, stock_id, quantity, ledger::reason::count, by.who, reason, version);
        record_audit(conn, by, "stock.count", "variant " + std::to_string(stock_id), std::to_string(done.on_hand_before),
                     std::to_string(done.on_hand_after) + " (" + reason + ")");
        return outcome(conn, stock_id, done.on_hand_after);
    });
}

}  // namespace reserva::store
