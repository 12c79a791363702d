// A variant read with its product's and color's names, its SKU, stock and low-stock threshold:
// the one query behind the back office's stock grid, the low-stock list and the low-stock mail.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "db/pool.h"

namespace reserva::store {

struct stocked_variant {
    std::int64_t stock_id = 0, product_id = 0, color_id = 0;
    std::string product, color, size, sku;
    int on_hand = 0, held = 0, threshold = 0;  // threshold: the variant's own, or the default
    std::uint64_t version = 0;                 // item_stock.stock_version, for a count's form
};

// Every field narrows the rows; the defaults take them all.
struct variant_filter {
    std::int64_t stock_id = 0;      // only this variant (0: any)
    std::string text;               // in the product's name or the SKU (empty: any)
    bool low_only = false;          // on-hand at or below the threshold
    bool published_only = false;    // of products shown in the shop
    bool not_yet_notified = false;  // not listed in a low-stock mail since it last fell
    bool lock = false;              // FOR UPDATE, to mark them in the same transaction
};

enum class variant_order {
    newest_product,  // product newest first, then color name, then variant id
    lowest_first,    // on-hand lowest first, then product name and SKU
};

std::vector<stocked_variant> variants_with_product(db::connection& conn, const variant_filter& filter,
                                               int default_threshold, variant_order order);

}  // namespace reserva::store
