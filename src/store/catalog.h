// What the shop window shows: products, their variants and how many of each can be bought.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/pool.h"
#include "store/photos.h"
#include "util/money.h"

namespace reserva::store {

struct product_summary {
    std::int64_t id = 0;
    std::string name;
    cents price = 0;
    std::string image_url;
    std::optional<product_photo> cover;  // the first photo, when it has one
};

struct variant {
    std::int64_t stock_id = 0;
    std::int64_t color_id = 0;
    std::string color_name;
    std::string size;
    int available = 0;  // on hand minus the live holds of other shoppers' orders, never below 0
};

struct product_detail {
    product_summary summary;
    std::string description;
    std::vector<variant> variants;  // by color name, then size (PP, P, M, G, GG, XG, then others)
    std::vector<product_photo> photos;  // in the order the owner gave them
};

std::vector<product_summary> list_products(db::pool& pool);
// viewer_order_id: the shopper's own open order, whose holds do not count against them (0: none).
std::optional<product_detail> find_product(db::pool& pool, std::int64_t id, std::int64_t viewer_order_id = 0);
// Clothing sizes in the order a shopper expects them.
int size_rank(const std::string& size);

}  // namespace reserva::store
