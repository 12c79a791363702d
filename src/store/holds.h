// Every write to stock_hold goes through here, so that item_stock.held and held_lapses_at
// (sql/004_held_count.sql) always describe the variant's holds exactly. Each function runs
// inside the caller's transaction. Lock order: a variant's stock row before its holds when
// holding (checkout has locked the rows already), an order's holds before the stock rows when
// releasing; a deadlock between the two is retried like any other.
#pragma once
#include <cstdint>
#include <string>

#include "db/pool.h"

namespace reserva::store::holds {

// Holds `quantity` units of the variant for the order until `minutes` from now (the order has
// no hold on it yet), and bumps the variant's hold_version (sql/003_hold_version.sql).
void hold(db::connection& conn, std::int64_t order_id, std::int64_t stock_id, int quantity, int minutes);
// Deletes the order's holds; returns how many there were.
int release_order(db::connection& conn, std::int64_t order_id);
// Deletes every hold that has lapsed (what reserva-expire does); returns how many there were.
int release_lapsed(db::connection& conn);

// What the order may take of the variant: on hand minus the live holds of other orders, never
// below 0. With lock, the stock row is locked FOR UPDATE (callers lock variants in ascending id
// order). One statement, two while a counted hold has lapsed.
int available_to(db::connection& conn, std::int64_t stock_id, std::int64_t order_id, bool lock);

// SQL for a page: with a stock row aliased s and `own_order` (an expression for the reader's
// order id, whose own hold does not count against it; empty for a reader without an order),
// `joins` adds the hold rows a page needs and `base_column` and `held_column` give, per row, a
// base and one hold to subtract: available = base - sum(held) over the variant's rows, never
// below 0. Normally that is one row per variant with nothing to subtract; while a lapsed hold
// waits for reserva-expire, one row per hold of the variant.
std::string joins(const std::string& own_order);
std::string base_column(const std::string& own_order);
std::string held_column(const std::string& own_order);

}  // namespace reserva::store::holds
