// Orders as their owner sees them: the confirmation / waiting page.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/pool.h"
#include "store/address.h"
#include "util/money.h"

namespace reserva::store {

struct order_line_view {
    std::int64_t product_id = 0;
    std::string product_name, color_name, size, image_url;
    int quantity = 0;
    cents unit_price = 0;
};

struct refund_view {
    cents amount = 0;
    std::string reason;
    bool done = false;
    bool after_sale = false;  // given back from the back office or at the gateway, not by finalize
    std::int64_t id = 0;
};

struct order_view {
    std::int64_t id = 0;
    std::int64_t client_id = 0;
    bool finished = false;
    std::string finished_at;  // "27/11/2026 06:15" in [site] timezone
    std::string state;        // store/order_state.h
    std::string carrier, tracking;
    std::string shipped_at, delivered_at;  // "" until then
    cents total = 0;
    cents refunded = 0;       // given back after the sale
    std::string email;
    address ship_to;
    std::vector<order_line_view> lines;  // what was paid, once finished
    std::vector<refund_view> refunds;
};

std::optional<order_view> load_order(db::pool& pool, std::int64_t order_id);
// The client's finished orders, newest first, with lines and refunds.
std::vector<order_view> finished_orders(db::pool& pool, std::int64_t client_id);
// The order a payment (by external_reference) belongs to.
std::optional<std::int64_t> order_of_payment(db::pool& pool, const std::string& reference);

}  // namespace reserva::store
