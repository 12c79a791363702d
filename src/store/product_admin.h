// The back office's changes to products and their variants (and reservactl's): create and edit
// a product, publish or hide it, add variants with their SKUs. Every write bumps the catalog
// version in the same transaction, and, given who did it (the back office), one audit row. Bad input throws invalid_request (store/catalog_admin.h)
// with a message for the person who typed it; nothing is written then.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/pool.h"
#include "store/audit.h"
#include "store/product_sku.h"
#include "util/money.h"

namespace reserva::store {

struct product_fields {
    std::string name;         // 1..200 characters of UTF-8
    std::string description;  // up to 10,000
    cents price = 0;          // 0 .. 10^9 cents
    bool published = true;    // false: hidden, the shop answers 404 for it
};

struct variant_row {
    std::int64_t stock_id = 0;
    std::int64_t color_id = 0;
    std::string color_name;
    std::string size;
    std::string sku;
    int on_hand = 0;
    int held = 0;
    std::optional<int> low_threshold;  // nullopt: the store's default
};

struct product_record {
    std::int64_t id = 0;
    product_fields fields;
    std::string image_url;
    std::vector<variant_row> variants;  // by color name, then size
};

std::int64_t create_product(db::pool& pool, const product_fields& fields, const actor* by = nullptr);
// Throws invalid_request when there is no such product.
void update_product(db::pool& pool, std::int64_t product_id, const product_fields& fields, const actor* by = nullptr);
void set_published(db::pool& pool, std::int64_t product_id, bool published);
// Hidden products too; nullopt when there is none.
std::optional<product_record> load_product_record(db::pool& pool, std::int64_t product_id);
// Every product, hidden ones too, newest first (variants not filled).
std::vector<product_record> list_product_records(db::pool& pool);

// A new variant at stock 0; sku empty: the default (P12-BLK-M). Refused: an unknown product or
// color, a size that is empty or over 16 characters, a variant that exists, a SKU taken or not
// of the SKU form. Returns the variant's id.
std::int64_t add_variant(db::pool& pool, std::int64_t product_id, std::int64_t color_id, const std::string& size,
                         const std::string& sku, const actor* by = nullptr);
void set_sku(db::pool& pool, std::int64_t stock_id, const std::string& sku);
struct color_choice {
    std::int64_t id = 0;
    std::string name;
};
std::vector<color_choice> list_colors(db::pool& pool);  // by name

// nullopt: back to the store's default.
void set_low_threshold(db::pool& pool, std::int64_t stock_id, std::optional<int> threshold);

// Gives the variant the default SKU (with -2, -3 ... when that one is taken). For code that makes
// variants its own way (stock set, the demo catalog).
std::string assign_default_sku(db::connection& conn, std::int64_t stock_id);
// The same for every variant of the product that has no SKU yet.
void name_new_variants(db::connection& conn, std::int64_t product_id);

}  // namespace reserva::store
