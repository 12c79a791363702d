// What the shop window shows: products, their variants and how many of each can be bought. The
// products come from the process's copy of the catalog (store/catalog_cache.h), checked against
// the database's version on every call; availability is read from the stock rows.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "db/pool.h"
#include "store/catalog_cache.h"
#include "store/photos.h"
#include "util/money.h"

namespace reserva::store {

// The process's copies a shop page reads (one of each per process, shared by its threads).
struct shop_caches {
    catalog_cache catalog;
    availability_cache availability;
};

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

// The store page's products per page (SPEC 4: newest first, in pages).
inline constexpr int products_per_page = 24;

struct product_list {
    std::vector<const catalog_product*> products;  // this page's, newest first (in `catalog`)
    int page = 1;
    int pages = 1;  // at least 1, even for an empty store
    std::shared_ptr<const catalog_snapshot> catalog;  // keeps the products alive
};

// known_version: the catalog version the page's visitor statement already read (0: none, so
// one primary-key read checks it). An empty list with pages < page: no such page.
product_list list_products(db::pool& pool, catalog_cache& cache, int page, std::int64_t known_version = 0);
// viewer_order_id: the shopper's own open order, whose holds do not count against them (0: none).
// A visitor without one may be shown availability up to availability_max_age old.
std::optional<product_detail> find_product(db::pool& pool, shop_caches& caches, std::int64_t id,
                                           std::int64_t viewer_order_id = 0, std::int64_t known_version = 0);
// Clothing sizes in the order a shopper expects them.
int size_rank(const std::string& size);

}  // namespace reserva::store
