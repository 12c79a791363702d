// Every write to stock_hold goes through here, so that item_stock.held and held_lapses_at
// (sql/004_held_count.sql) always describe the variant's holds exactly. Each function but
// correct_counts runs inside the caller's transaction. Lock order: a variant's stock row before its holds when
// holding (checkout has locked the rows already), an order's holds before the stock rows when
// releasing; a deadlock between the two is retried like any other.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

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

// What a payment of the order may take of the variant, under the stock row's lock (SPEC section
// 5, "Stock lowered below what is held"): its own live hold whenever on hand covers it, and
// beyond that only units no live hold of another order covers. When holds do not exceed on
// hand this is available_to; when an operator lowered stock below them, payments that arrive
// while their holds are live are honoured first come, first served, and a payment whose hold
// has lapsed gets nothing any live hold covers.
int payable_to(db::connection& conn, std::int64_t stock_id, std::int64_t order_id);

// The same for a page's one statement, with a stock row aliased s: own_join(own) joins the
// reader's own live hold (own: an SQL expression for the reader's order id, empty for a reader
// without an order), and counted_columns(own) are two columns, `base` and `lapsed`, which
// available() turns into what the reader may take. While no counted hold has lapsed (nearly
// always) that is base itself; otherwise it asks the holds with one more statement.
std::string own_join(const std::string& own_order);
std::string counted_columns(const std::string& own_order);
int available(db::connection& conn, int base, bool lapsed, std::int64_t stock_id, std::int64_t order_id);

// A variant whose counts disagreed with its holds: what `held` said, and what the holds say.
struct count_fix {
    std::int64_t stock_id = 0;
    int held_was = 0;
    int held_now = 0;
};
// Sets right the counts of every variant that disagrees with its holds, each in a transaction of
// its own under its row lock. The store's own writes never leave one behind: this is for a hand
// edit of stock_hold (or a bug), and reserva-expire runs it on every pass and logs what it fixed.
std::vector<count_fix> correct_counts(db::pool& pool);

}  // namespace reserva::store::holds
