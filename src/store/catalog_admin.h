// The operator's changes to the catalog and to on-hand stock (reservactl).
#pragma once
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

#include "db/pool.h"
#include "util/money.h"

namespace reserva::store {

// The operator asked for something that does not exist or cannot be (unknown product, ...).
class invalid_request : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

std::int64_t add_product(db::pool& pool, const std::string& name, cents price, const std::string& description,
                         const std::string& image_url);
std::int64_t add_color(db::pool& pool, const std::string& name);  // an existing name is refused
// What an operator's change of on-hand stock left: on hand, and what live payment links hold of
// it (more than on hand is allowed: the first to pay get the units, SPEC section 5).
struct stock_change {
    int on_hand = 0;
    int held_units = 0;
    int holding_orders = 0;
};
// A count (ledger reason `count`, by `who`): creates the variant if missing; throws
// invalid_request for an unknown product or color.
stock_change set_stock(db::pool& pool, std::int64_t product_id, std::int64_t color_id, const std::string& size,
                       int quantity, const std::string& who);
// on-hand += delta (ledger reason `adjust`); throws invalid_request for an unknown variant and
// ledger::below_zero when it would go below 0 (nothing written).
stock_change adjust_stock(db::pool& pool, std::int64_t product_id, std::int64_t color_id, const std::string& size,
                          int delta, const std::string& reason, const std::string& who);
// The variant's id, or nullopt.
std::optional<std::int64_t> find_variant(db::pool& pool, std::int64_t product_id, std::int64_t color_id,
                                         const std::string& size);
// nullopt when the variant does not exist.
std::optional<int> get_stock(db::pool& pool, std::int64_t product_id, std::int64_t color_id, const std::string& size);

}  // namespace reserva::store
