// The back office's reads of orders, as typed rows (cents, epoch seconds, state codes) that the
// pages and the CSV export each format their own way: the inbox with its state counts, one
// order in full (lines, payments, refunds, timeline), the day's order figures, the export.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "db/pool.h"
#include "store/address.h"
#include "util/money.h"

namespace reserva::store {

inline constexpr int inbox_page_size = 50;

struct inbox_row {
    std::int64_t id = 0;
    std::int64_t created_at = 0, finished_at = 0;  // epoch seconds; 0: not finished
    std::string state, email, name, alert;        // alert: the gateway's word after the sale, or ""
    int units = 0;
    cents total = 0, refunded = 0;
};

struct inbox_query {
    std::string state;  // "" for all, else a state of store/order_state.h
    std::string search;  // an order id (#12 or 12), or part of an e-mail or name
    int page = 1;
};

struct inbox_page {
    std::vector<inbox_row> rows;  // newest first, at most inbox_page_size
    bool more = false;            // a next page exists
    std::map<std::string, int> counts;  // orders per state (all, whatever the search)
    int flagged = 0;
};

inbox_page list_orders(db::pool& pool, const inbox_query& query);

struct admin_line {
    std::int64_t line_id = 0, product_id = 0, color_id = 0;
    std::string product_name, color_name, size;
    int quantity = 0;
    int restocked = 0;  // units already returned to stock by refunds
    cents unit_price = 0;
};

struct admin_payment {
    std::int64_t id = 0;
    std::string gateway_payment_id, status;
    cents total = 0;
    std::int64_t created_at = 0, finished_at = 0;
};

struct admin_refund {
    std::int64_t id = 0;
    cents amount = 0;
    std::string reason, status, kind, requested_by;
    std::int64_t created_at = 0;
};

struct timeline_entry {
    std::int64_t at = 0;
    std::string who, kind, text;
};

struct admin_order {
    inbox_row head;
    address ship_to;
    std::string carrier, tracking;
    std::int64_t shipped_at = 0, delivered_at = 0;
    std::vector<admin_line> lines;
    std::vector<admin_payment> payments;
    std::vector<admin_refund> refunds;
    std::vector<timeline_entry> timeline;  // oldest first
};

std::optional<admin_order> load_admin_order(db::pool& pool, std::int64_t order_id);

struct day_figures {
    int to_ship = 0, awaiting_payment = 0, flagged = 0, orders_today = 0;
    cents sales_today = 0;
    std::vector<inbox_row> to_ship_rows;  // the oldest ten paid orders
};

// since: the epoch second the store's day began ([site] timezone). Low stock: store/low_stock.h.
day_figures figures_of_the_day(db::pool& pool, std::int64_t since);

// Finished orders paid in [from, to) (epoch seconds), oldest first, for the accountant.
std::vector<inbox_row> orders_for_export(db::pool& pool, std::int64_t from, std::int64_t to);

}  // namespace reserva::store
