// The one home of every change of a variant's on-hand quantity (SPEC section 5, "The stock
// ledger"): finalize's sale, a refund's restock, an adjustment, a count, an import, the demo
// load. Each change locks the stock row, moves item_stock.quantity, bumps its stock_version and
// writes one stock_ledger row, all in the caller's transaction, so that for every variant the
// sum of its ledger deltas equals its on-hand quantity at every moment.
#pragma once
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "db/pool.h"

namespace reserva::store::ledger {

enum class reason { sale, refund, adjust, count, import, demo };
const char* code(reason why);  // as stored and shown: "sale", "refund", ...

struct change {
    std::int64_t stock_id = 0;
    int delta = 0;
    reason why = reason::adjust;
    std::string who = "system";  // a staff member's e-mail, "cli" or "system"
    std::int64_t order_id = 0;   // the order of a sale or refund; 0 for none
    std::string note;            // the free text a person gave
};

// On-hand would go below 0: nothing was written.
class below_zero : public std::runtime_error {
public:
    below_zero(int on_hand, int delta);
    int on_hand;
};
// A count whose form was drawn before the variant last changed: nothing was written.
class stale_count : public std::runtime_error {
public:
    stale_count(int on_hand, std::uint64_t version);
    int on_hand;
    std::uint64_t version;
};

struct applied {
    int on_hand_before = 0;
    int on_hand_after = 0;
    std::uint64_t version_after = 0;
};

// on-hand += delta under the stock row's lock (taken here; callers touching several variants
// lock them in ascending id order first). A zero delta writes nothing.
applied apply(db::connection& conn, const change& what);
// A count: on-hand := quantity, written as the delta it makes (reason count or import). With
// expected_version, refused with stale_count when the variant's stock_version differs.
applied set_to(db::connection& conn, std::int64_t stock_id, int quantity, reason why, const std::string& who,
               const std::string& note, std::optional<std::uint64_t> expected_version = std::nullopt);

// What live payment links hold of a variant, for an operator lowering stock below it.
struct held_by_orders {
    int units = 0;
    int orders = 0;
};
held_by_orders live_holds(db::connection& conn, std::int64_t stock_id);

struct entry {
    std::int64_t id = 0;
    std::int64_t stock_id = 0;
    std::string at;  // DATETIME(3) as the database gives it (UTC)
    std::int64_t at_epoch = 0;  // the same second, for local time on pages
    int delta = 0;
    int on_hand_after = 0;
    std::string reason;
    std::int64_t order_id = 0;
    std::string note;
    std::string who;
};
// A variant's ledger (or a product's, stock_id 0), newest first.
std::vector<entry> history(db::pool& pool, std::int64_t product_id, std::int64_t stock_id, int limit = 1000);

// The whole store's ledger, newest first, filtered: reason (a code, "" for all), who (exact,
// "" for all) and text in the product's name or the variant's SKU.
struct filter {
    std::string reason, who, text;
    int limit = 100;
    int offset = 0;
};
struct store_entry {
    entry row;
    std::string product, color, size, sku;
    std::int64_t product_id = 0;
};
std::vector<store_entry> store_history(db::pool& pool, const filter& wanted);

}  // namespace reserva::store::ledger
