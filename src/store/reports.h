// The operator's views of orders, payments and stock (reservactl orders list/show, payments
// list, stock list) as typed rows: cents and epoch seconds, which the CLI (and any other
// reader) formats its own way.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/pool.h"
#include "util/money.h"

namespace reserva::store {

struct order_report_row {
    std::int64_t id = 0;
    std::string customer;  // e-mail, or "guest #N"
    bool open = false;     // a cart: its total is what the cart is worth now
    int units = 0;
    cents total = 0;
    std::int64_t created_at = 0, finished_at = 0;  // 0: not finished
};
// status: "" (all), "open" (carts) or "finished". Oldest first.
std::vector<order_report_row> orders_report(db::pool& pool, const std::string& status = "");

struct payment_report_row {
    std::int64_t id = 0, order_id = 0;
    std::string status, gateway_payment_id;  // "" when none yet
    cents total = 0;
    std::int64_t created_at = 0, expires_at = 0;
};
// only_open: payments whose link can still be paid.
std::vector<payment_report_row> payments_report(db::pool& pool, bool only_open = false);

struct stock_report_row {
    std::int64_t product_id = 0;
    std::string product, color, size;
    int on_hand = 0, held = 0;  // held: by live payment links
};
std::vector<stock_report_row> stock_report(db::pool& pool);

struct order_report {
    order_report_row head;
    std::string ship_to;  // one line, "" when none
    struct line { std::string product, color, size; int quantity = 0; cents unit_price = 0; };
    struct payment { std::int64_t id = 0; std::string status, gateway_payment_id; cents total = 0; std::int64_t created_at = 0; };
    struct refund { std::int64_t id = 0; std::string gateway_payment_id, status, reason; cents amount = 0; };
    std::vector<line> lines;
    std::vector<payment> payments;
    std::vector<refund> refunds;
};
std::optional<order_report> load_order_report(db::pool& pool, std::int64_t order_id);

}  // namespace reserva::store
