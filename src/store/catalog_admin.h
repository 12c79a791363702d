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
// Creates the variant if missing; throws invalid_request for an unknown product or color.
void set_stock(db::pool& pool, std::int64_t product_id, std::int64_t color_id, const std::string& size, int quantity);
// nullopt when the variant does not exist.
std::optional<int> get_stock(db::pool& pool, std::int64_t product_id, std::int64_t color_id, const std::string& size);

}  // namespace reserva::store
