#include "store/stock_import.h"

#include <algorithm>
#include <map>
#include <memory>
#include <optional>

#include "db/statements.h"
#include "db/transaction.h"
#include "store/stock_ledger.h"

namespace reserva::store {
namespace {

constexpr int max_units = 1000000;

struct variant_now {
    std::int64_t stock_id = 0;
    std::string product, color, size;
    int on_hand = 0, held = 0;
};

std::optional<variant_now> look_up(db::connection& conn, const std::string& sku) {
    auto row = db::query(conn,
        "SELECT s.id, p.name, c.name, s.size, s.quantity, s.held FROM item_stock s"
        "  JOIN product p ON p.id = s.product_id JOIN color c ON c.id = s.color_id WHERE s.sku = ?", sku);
    if (!row.next()) return std::nullopt;
    return variant_now{row.int64(1), row.text(2), row.text(3), row.text(4), row.int32(5), row.int32(6)};
}

// The variants' on-hand now (locked when lock is set, in ascending id order), then each line
// checked against them.
import_plan make_plan(db::connection& conn, const parsed_import& parsed, bool lock) {
    import_plan plan;
    plan.mode = parsed.mode;
    plan.bad = parsed.bad;
    std::map<std::string, variant_now> found;
    for (auto& line : parsed.lines)
        if (auto v = look_up(conn, line.sku)) found.emplace(line.sku, *v);
    if (lock) {
        std::vector<std::int64_t> ids;
        for (auto& [sku, v] : found) ids.push_back(v.stock_id);
        std::sort(ids.begin(), ids.end());
        for (auto id : ids) db::query(conn, "SELECT id FROM item_stock WHERE id = ? FOR UPDATE", id);
        // What a sale did between the look-up and the lock counts.
        for (auto& [sku, v] : found)
            if (auto again = look_up(conn, sku)) v = *again;
    }
    for (auto& line : parsed.lines) {
        auto v = found.find(line.sku);
        if (v == found.end()) {
            plan.bad.push_back({line.line, "no variant has the SKU '" + line.sku + "'"});
            continue;
        }
        int after = parsed.mode == import_mode::counts ? line.value : v->second.on_hand + line.value;
        if (after < 0) {
            plan.bad.push_back({line.line, "on hand is " + std::to_string(v->second.on_hand) + "; a delta of " +
                                               std::to_string(line.value) + " would take it below 0"});
            continue;
        }
        if (after > max_units) {
            plan.bad.push_back({line.line, "on hand would be " + std::to_string(after) + ", over " + std::to_string(max_units)});
            continue;
        }
        if (after == v->second.on_hand) {
            ++plan.unchanged;
            continue;
        }
        plan.changes.push_back({line.line, line.sku, v->second.product, v->second.color, v->second.size,
                                v->second.stock_id, v->second.on_hand, after, v->second.held});
    }
    std::stable_sort(plan.bad.begin(), plan.bad.end(), [](auto& a, auto& b) { return a.line < b.line; });
    return plan;
}

// A line turned bad between the preview and the locks: the transaction is rolled back.
struct refused {
    import_plan plan;
};

}  // namespace

import_plan preview_stock_import(db::pool& pool, std::string_view file) {
    auto parsed = parse_stock_csv(file);
    return db::with_connection(pool, [&](db::connection& conn) { return make_plan(conn, parsed, false); });
}

import_plan apply_stock_import(db::pool& pool, std::string_view file, const std::string& who, const std::string& note,
                               const actor* by) {
    auto parsed = parse_stock_csv(file);
    if (!parsed.bad.empty()) return preview_stock_import(pool, file);
    try {
        return db::in_transaction(pool, [&](db::connection& conn) {
            auto plan = make_plan(conn, parsed, true);
            if (!plan.bad.empty()) throw refused{plan};  // rolled back: nothing was written
            for (auto& change : plan.changes)
                ledger::apply(conn, {change.stock_id, change.on_hand_after - change.on_hand_before, ledger::reason::import,
                                     who, 0, note});
            plan.applied = true;
            if (by) record_audit(conn, *by, "stock.import", note, "", std::to_string(plan.changes.size()) + " variants changed");
            return plan;
        });
    } catch (const refused& r) {
        return r.plan;
    }
}

}  // namespace reserva::store
