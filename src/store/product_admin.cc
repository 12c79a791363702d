#include "store/product_admin.h"

#include <cppconn/exception.h>

#include <algorithm>
#include <memory>

#include "db/statements.h"
#include "db/transaction.h"
#include "store/catalog.h"
#include "store/catalog_admin.h"
#include "store/catalog_version.h"
#include "util/text.h"

namespace reserva::store {
namespace {

constexpr cents max_price = 1'000'000'000;  // R$ 10 million: a typo, not a garment

void check_fields(const product_fields& f) {
    if (std::string(trim(f.name)).empty()) throw invalid_request("the name must not be empty");
    if (f.name.size() > 200) throw invalid_request("the name is longer than 200 characters");
    if (f.description.size() > 10000) throw invalid_request("the description is longer than 10,000 characters");
    if (!valid_utf8(f.name) || !valid_utf8(f.description)) throw invalid_request("the name and description must be UTF-8 text");
    if (f.price < 0 || f.price > max_price) throw invalid_request("the price must be from R$ 0,00 to R$ 10.000.000,00");
}

bool row_exists(db::connection& conn, const std::string& sql, std::int64_t id) {
    auto row = db::query(conn, sql, id);
    return row.next();
}

bool sku_taken(db::connection& conn, const std::string& sku, std::int64_t other_than) {
    auto row = db::query(conn, "SELECT id FROM item_stock WHERE sku = ? AND id <> ?", sku, other_than);
    return row.next();
}

void check_sku_free(db::connection& conn, const std::string& sku, std::int64_t other_than) {
    if (!valid_sku(sku))
        throw invalid_request("the SKU '" + sku + "' is not 1 to 64 letters, digits, '.', '_' or '-'");
    if (sku_taken(conn, sku, other_than)) throw invalid_request("the SKU '" + sku + "' is taken by another variant");
}

void read_fields(const db::result& row, product_record& record) {
    record.id = row.int64(1);
    record.fields.name = row.text(2);
    record.fields.description = row.text(3);
    record.fields.price = row.int64(4);
    record.fields.published = row.boolean(5);
    record.image_url = row.text(6);
}

std::string describe(const product_fields& f) {
    return f.name + ", " + std::to_string(f.price) + " cents, " + (f.published ? "published" : "hidden");
}

void audit(db::connection& conn, const actor* by, const std::string& action, const std::string& subject,
           const std::string& before, const std::string& after) {
    if (by) record_audit(conn, *by, action, subject, before, after);
}

const char* const record_columns = "id, name, description, price_cents, active, image_url";

}  // namespace

std::string assign_default_sku(db::connection& conn, std::int64_t stock_id) {
    auto row = db::query(conn,
        "SELECT s.product_id, c.name, s.size FROM item_stock s JOIN color c ON c.id = s.color_id WHERE s.id = ?",
        stock_id);
    if (!row.next()) throw invalid_request("no variant with id " + std::to_string(stock_id));
    std::string base = default_sku(row.int64(1), row.text(2), row.text(3)), sku = base;
    for (int n = 2; sku_taken(conn, sku, stock_id); ++n) sku = base + "-" + std::to_string(n);
    db::execute(conn, "UPDATE item_stock SET sku = ? WHERE id = ?", sku, stock_id);
    return sku;
}

void name_new_variants(db::connection& conn, std::int64_t product_id) {
    std::vector<std::int64_t> unnamed;
    {
        auto rows = db::query(conn, "SELECT id FROM item_stock WHERE product_id = ? AND sku IS NULL ORDER BY id", product_id);
        while (rows.next()) unnamed.push_back(rows.int64(1));
    }
    for (auto id : unnamed) assign_default_sku(conn, id);
}

std::int64_t create_product(db::pool& pool, const product_fields& fields, const actor* by) {
    check_fields(fields);
    return db::in_transaction(pool, [&](db::connection& conn) {
        db::execute(conn,
            "INSERT INTO product (name, description, price_cents, active) VALUES (?, ?, ?, ?)",
            std::string(trim(fields.name)), fields.description, fields.price, fields.published);
        std::int64_t id = db::last_insert_id(conn);
        bump_catalog_version(conn);
        audit(conn, by, "product.create", "product " + std::to_string(id), "", describe(fields));
        return id;
    });
}

void update_product(db::pool& pool, std::int64_t product_id, const product_fields& fields, const actor* by) {
    check_fields(fields);
    db::in_transaction(pool, [&](db::connection& conn) {
        auto row = db::query(conn,
            "SELECT name, description, price_cents, active FROM product WHERE id = ? FOR UPDATE", product_id);
        if (!row.next()) throw invalid_request("no product with id " + std::to_string(product_id));
        product_fields before{row.text(1), row.text(2), row.int64(3), row.boolean(4)};
        // Past orders keep their lines' prices (ordered_item.unit_price_cents), so a new price
        // changes only what is sold from now on.
        db::execute(conn,
            "UPDATE product SET name = ?, description = ?, price_cents = ?, active = ?, updated_at = NOW(3) WHERE id = ?",
            std::string(trim(fields.name)), fields.description, fields.price, fields.published, product_id);
        bump_catalog_version(conn);
        audit(conn, by, "product.edit", "product " + std::to_string(product_id), describe(before), describe(fields));
    });
}

void set_published(db::pool& pool, std::int64_t product_id, bool published) {
    db::in_transaction(pool, [&](db::connection& conn) {
        int changed = db::execute(conn, "UPDATE product SET active = ?, updated_at = NOW(3) WHERE id = ?", published, product_id);
        if (changed == 0 && !row_exists(conn, "SELECT id FROM product WHERE id = ?", product_id))
            throw invalid_request("no product with id " + std::to_string(product_id));
        bump_catalog_version(conn);
    });
}

std::optional<product_record> load_product_record(db::pool& pool, std::int64_t product_id) {
    return db::with_connection(pool, [&](db::connection& conn) -> std::optional<product_record> {
        auto row = db::query(conn, std::string("SELECT ") + record_columns + " FROM product WHERE id = ?", product_id);
        if (!row.next()) return std::nullopt;
        product_record record;
        read_fields(row, record);
        auto rows = db::query(conn,
            "SELECT s.id, s.color_id, c.name, s.size, COALESCE(s.sku, ''), s.quantity, s.held, s.low_threshold"
            "  FROM item_stock s JOIN color c ON c.id = s.color_id WHERE s.product_id = ?", product_id);
        while (rows.next()) {
            variant_row v{rows.int64(1), rows.int64(2), rows.text(3), rows.text(4),
                          rows.text(5), rows.int32(6), rows.int32(7), std::nullopt};
            if (!rows.is_null(8)) v.low_threshold = rows.int32(8);
            record.variants.push_back(std::move(v));
        }
        std::sort(record.variants.begin(), record.variants.end(), [](const variant_row& a, const variant_row& b) {
            if (a.color_name != b.color_name) return a.color_name < b.color_name;
            if (size_rank(a.size) != size_rank(b.size)) return size_rank(a.size) < size_rank(b.size);
            return a.size < b.size;
        });
        return record;
    });
}

std::vector<product_record> list_product_records(db::pool& pool) {
    return db::with_connection(pool, [&](db::connection& conn) {
        auto rows = db::query(conn, std::string("SELECT ") + record_columns + " FROM product ORDER BY id DESC");
        std::vector<product_record> records;
        while (rows.next()) read_fields(rows, records.emplace_back());
        return records;
    });
}

std::int64_t add_variant(db::pool& pool, std::int64_t product_id, std::int64_t color_id, const std::string& size,
                         const std::string& sku, const actor* by) {
    std::string clean_size(trim(size));
    if (clean_size.empty() || clean_size.size() > 16 || !valid_utf8(clean_size))
        throw invalid_request("the size must be 1 to 16 characters");
    return db::in_transaction(pool, [&](db::connection& conn) {
        if (!row_exists(conn, "SELECT id FROM product WHERE id = ?", product_id))
            throw invalid_request("no product with id " + std::to_string(product_id));
        if (!row_exists(conn, "SELECT id FROM color WHERE id = ?", color_id))
            throw invalid_request("no color with id " + std::to_string(color_id));
        if (!sku.empty()) check_sku_free(conn, sku, 0);
        std::optional<std::string> given_sku;
        if (!sku.empty()) given_sku = sku;
        // IGNORE: a concurrent insert of the same SKU or variant is a refusal, not a 500.
        if (db::execute(conn, "INSERT IGNORE INTO item_stock (product_id, color_id, size, quantity, sku) VALUES (?, ?, ?, 0, ?)",
                        product_id, color_id, clean_size, given_sku) == 0) {
            if (!sku.empty() && sku_taken(conn, sku, 0)) throw invalid_request("the SKU '" + sku + "' is taken by another variant");
            throw invalid_request("that product has a " + clean_size + " in that color already");
        }
        std::int64_t id = db::last_insert_id(conn);
        std::string given = sku.empty() ? assign_default_sku(conn, id) : sku;
        bump_catalog_version(conn);
        audit(conn, by, "variant.add", "product " + std::to_string(product_id), "",
              "variant " + std::to_string(id) + ", color " + std::to_string(color_id) + ", size " + clean_size + ", SKU " + given);
        return id;
    });
}

void set_sku(db::pool& pool, std::int64_t stock_id, const std::string& sku) {
    db::in_transaction(pool, [&](db::connection& conn) {
        if (!row_exists(conn, "SELECT id FROM item_stock WHERE id = ? FOR UPDATE", stock_id))
            throw invalid_request("no variant with id " + std::to_string(stock_id));
        check_sku_free(conn, sku, stock_id);
        db::execute(conn, "UPDATE IGNORE item_stock SET sku = ? WHERE id = ?", sku, stock_id);
        if (sku_taken(conn, sku, stock_id)) throw invalid_request("the SKU '" + sku + "' is taken by another variant");
        bump_catalog_version(conn);
    });
}

std::vector<color_choice> list_colors(db::pool& pool) {
    return db::with_connection(pool, [](db::connection& conn) {
        auto rows = db::query(conn, "SELECT id, name FROM color ORDER BY name");
        std::vector<color_choice> colors;
        while (rows.next()) colors.push_back({rows.int64(1), rows.text(2)});
        return colors;
    });
}

void set_low_threshold(db::pool& pool, std::int64_t stock_id, std::optional<int> threshold) {
    if (threshold && (*threshold < 0 || *threshold > 1000000)) throw invalid_request("the threshold must be from 0 to 1000000");
    db::in_transaction(pool, [&](db::connection& conn) {
        db::execute(conn, "UPDATE item_stock SET low_threshold = ? WHERE id = ?", threshold, stock_id);
        if (!row_exists(conn, "SELECT id FROM item_stock WHERE id = ?", stock_id))
            throw invalid_request("no variant with id " + std::to_string(stock_id));
    });
}

}  // namespace reserva::store
