// The back office's stock grid and its two ways of changing on-hand by variant (SPEC section 8):
// an adjustment (a delta with a reason, never below 0) and a count (an absolute number, taken only
// if the variant has not changed since the form was drawn: its stock_version). Both go through
// the ledger (store/stock_ledger.h) and write an audit row in the same transaction.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/pool.h"
#include "store/audit.h"
#include "store/stocked_variants.h"

namespace reserva::store {

using stock_cell = stocked_variant;

// Every variant, by product (newest first), color and size; q: text in the product's name or
// the SKU; low_only: at or below the threshold.
std::vector<stock_cell> stock_grid(db::pool& pool, const std::string& q, bool low_only, int default_threshold);
std::optional<stock_cell> stock_cell_of(db::pool& pool, std::int64_t stock_id, int default_threshold);

struct stock_outcome {
    int on_hand = 0;
    int held_units = 0, held_orders = 0;  // what live payment links hold now
};
// What live payment links hold of the variant: units and orders.
stock_outcome held_now(db::pool& pool, std::int64_t stock_id);
// Throw ledger::below_zero, ledger::stale_count, or invalid_request (no such variant).
stock_outcome adjust_variant(db::pool& pool, std::int64_t stock_id, int delta, const std::string& reason, const actor& by);
stock_outcome count_variant(db::pool& pool, std::int64_t stock_id, int quantity, std::uint64_t version,
                            const std::string& reason, const actor& by);

}  // namespace reserva::store
