// The cart: a client's open order. Quantities never go past what is available (on hand minus
// the live holds of other orders); a cart that finds itself above it is clamped and says how.
// Every change locks the client's row first, so one shopper's concurrent clicks queue up, and
// releases the order's stock hold: a confirmed payment link no longer matches a changed cart.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "db/pool.h"
#include "util/money.h"

namespace reserva::store {

struct variant_key {
    std::int64_t product_id = 0;
    std::int64_t color_id = 0;
    std::string size;
};

struct cart_line {
    std::int64_t stock_id = 0;
    std::int64_t product_id = 0;
    std::int64_t color_id = 0;
    std::string product_name;
    std::string color_name;
    std::string size;
    std::string image_url;
    int quantity = 0;
    int available = 0;
    cents unit_price = 0;
    bool on_sale = true;  // false once its product is hidden: nothing of it can be bought any more

    cents line_total() const { return unit_price * quantity; }
};

struct cart {
    std::int64_t order_id = 0;  // 0 when the shopper has no cart yet
    std::vector<cart_line> lines;

    int units() const;
    cents total() const;
    bool any_line_short() const;  // a line asks for more than is available
};

// A line the clamp changed: from `before` units to `after` (0: removed).
struct cart_adjustment {
    std::string product_name;
    std::string color_name;
    std::string size;
    int before = 0;
    int after = 0;
};

enum class add_result { added, at_stock_limit, unknown_variant };
enum class remove_result { removed, not_in_cart, unknown_variant };

// The variant exists and its product is on sale.
bool variant_exists(db::pool& pool, const variant_key& variant);
add_result add_unit(db::pool& pool, std::int64_t client_id, const variant_key& variant);
remove_result remove_unit(db::pool& pool, std::int64_t client_id, const variant_key& variant);
// The cart as it is (one query); lines in the order they were added.
cart load_cart(db::pool& pool, std::int64_t client_id);
// Brings every line down to what is available (lines at 0 go) and reports the changes.
std::vector<cart_adjustment> clamp_cart(db::pool& pool, std::int64_t client_id);

}  // namespace reserva::store
