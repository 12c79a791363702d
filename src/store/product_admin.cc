#include "store/product_admin.h"

#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

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
    auto& query = conn.prepare(sql);
    query.setInt64(1, id);
    std::unique_ptr<sql::ResultSet> row(query.executeQuery());
    return row->next();
}

bool sku_taken(db::connection& conn, const std::string& sku, std::int64_t other_than) {
    auto& query = conn.prepare("SELECT id FROM item_stock WHERE sku = ? AND id <> ?");
    query.setString(1, sku);
    query.setInt64(2, other_than);
    std::unique_ptr<sql::ResultSet> row(query.executeQuery());
    return row->next();
}

void check_sku_free(db::connection& conn, const std::string& sku, std::int64_t other_than) {
    if (!valid_sku(sku))
        throw invalid_request("the SKU '" + sku + "' is not 1 to 64 letters, digits, '.', '_' or '-'");
    if (sku_taken(conn, sku, other_than)) throw invalid_request("the SKU '" + sku + "' is taken by another variant");
}

void read_fields(sql::ResultSet& row, product_record& record) {
    record.id = row.getInt64(1);
    record.fields.name = row.getString(2);
    record.fields.description = row.getString(3);
    record.fields.price = row.getInt64(4);
    record.fields.published = row.getBoolean(5);
    record.image_url = row.getString(6);
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
    auto& query = conn.prepare(
        "SELECT s.product_id, c.name, s.size FROM item_stock s JOIN color c ON c.id = s.color_id WHERE s.id = ?");
    query.setInt64(1, stock_id);
    std::unique_ptr<sql::ResultSet> row(query.executeQuery());
    if (!row->next()) throw invalid_request("no variant with id " + std::to_string(stock_id));
    std::string base = default_sku(row->getInt64(1), row->getString(2), row->getString(3)), sku = base;
    for (int n = 2; sku_taken(conn, sku, stock_id); ++n) sku = base + "-" + std::to_string(n);
    auto& update = conn.prepare("UPDATE item_stock SET sku = ? WHERE id = ?");
    update.setString(1, sku);
    update.setInt64(2, stock_id);
    update.executeUpdate();
    return sku;
}

void name_new_variants(db::connection& conn, std::int64_t product_id) {
    auto& query = conn.prepare("SELECT id FROM item_stock WHERE product_id = ? AND sku IS NULL ORDER BY id");
    query.setInt64(1, product_id);
    std::vector<std::int64_t> unnamed;
    {
        std::unique_ptr<sql::ResultSet> rows(query.executeQuery());
        while (rows->next()) unnamed.push_back(rows->getInt64(1));
    }
    for (auto id : unnamed) assign_default_sku(conn, id);
}

std::int64_t create_product(db::pool& pool, const product_fields& fields, const actor* by) {
    check_fields(fields);
    return db::in_transaction(pool, [&](db::connection& conn) {
        auto& insert = conn.prepare("INSERT INTO product (name, description, price_cents, active) VALUES (?, ?, ?, ?)");
        insert.setString(1, std::string(trim(fields.name)));
        insert.setString(2, fields.description);
        insert.setInt64(3, fields.price);
        insert.setBoolean(4, fields.published);
        insert.executeUpdate();
        std::int64_t id = db::last_insert_id(conn);
        bump_catalog_version(conn);
        audit(conn, by, "product.create", "product " + std::to_string(id), "", describe(fields));
        return id;
    });
}

void update_product(db::pool& pool, std::int64_t product_id, const product_fields& fields, const actor* by) {
    check_fields(fields);
    db::in_transaction(pool, [&](db::connection& conn) {
        auto& current = conn.prepare("SELECT name, description, price_cents, active FROM product WHERE id = ? FOR UPDATE");
        current.setInt64(1, product_id);
        std::unique_ptr<sql::ResultSet> row(current.executeQuery());
        if (!row->next()) throw invalid_request("no product with id " + std::to_string(product_id));
        product_fields before{row->getString(1), row->getString(2), row->getInt64(3), row->getBoolean(4)};
        // Past orders keep their lines' prices (ordered_item.unit_price_cents), so a new price
        // changes only what is sold from now on.
        auto& update = conn.prepare(
            "UPDATE product SET name = ?, description = ?, price_cents = ?, active = ?, updated_at = NOW(3) WHERE id = ?");
        update.setString(1, std::string(trim(fields.name)));
        update.setString(2, fields.description);
        update.setInt64(3, fields.price);
        update.setBoolean(4, fields.published);
        update.setInt64(5, product_id);
        update.executeUpdate();
        bump_catalog_version(conn);
        audit(conn, by, "product.edit", "product " + std::to_string(product_id), describe(before), describe(fields));
    });
}

void set_published(db::pool& pool, std::int64_t product_id, bool published) {
    db::in_transaction(pool, [&](db::connection& conn) {
        auto& update = conn.prepare("UPDATE product SET active = ?, updated_at = NOW(3) WHERE id = ?");
        update.setBoolean(1, published);
        update.setInt64(2, product_id);
        if (update.executeUpdate() == 0 && !row_exists(conn, "SELECT id FROM product WHERE id = ?", product_id))
            throw invalid_request("no product with id " + std::to_string(product_id));
        bump_catalog_version(conn);
    });
}

std::optional<product_record> load_product_record(db::pool& pool, std::int64_t product_id) {
    return db::with_connection(pool, [&](db::connection& conn) -> std::optional<product_record> {
        auto& query = conn.prepare(std::string("SELECT ") + record_columns + " FROM product WHERE id = ?");
        query.setInt64(1, product_id);
        std::unique_ptr<sql::ResultSet> row(query.executeQuery());
        if (!row->next()) return std::nullopt;
        product_record record;
        read_fields(*row, record);
        auto& variants = conn.prepare(
            "SELECT s.id, s.color_id, c.name, s.size, COALESCE(s.sku, ''), s.quantity, s.held, s.low_threshold"
            "  FROM item_stock s JOIN color c ON c.id = s.color_id WHERE s.product_id = ?");
        variants.setInt64(1, product_id);
        std::unique_ptr<sql::ResultSet> rows(variants.executeQuery());
        while (rows->next()) {
            variant_row v{rows->getInt64(1), rows->getInt64(2), rows->getString(3), rows->getString(4),
                          rows->getString(5), rows->getInt(6), rows->getInt(7), std::nullopt};
            if (!rows->isNull(8)) v.low_threshold = rows->getInt(8);
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
        auto& query = conn.prepare(std::string("SELECT ") + record_columns + " FROM product ORDER BY id DESC");
        std::unique_ptr<sql::ResultSet> rows(query.executeQuery());
        std::vector<product_record> records;
        while (rows->next()) read_fields(*rows, records.emplace_back());
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
        auto& insert = conn.prepare("INSERT IGNORE INTO item_stock (product_id, color_id, size, quantity, sku) VALUES (?, ?, ?, 0, ?)");
        insert.setInt64(1, product_id);
        insert.setInt64(2, color_id);
        insert.setString(3, clean_size);
        if (sku.empty()) insert.setNull(4, 0);
        else insert.setString(4, sku);
        // IGNORE: a concurrent insert of the same SKU or variant is a refusal, not a 500.
        if (insert.executeUpdate() == 0) {
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
        auto& update = conn.prepare("UPDATE IGNORE item_stock SET sku = ? WHERE id = ?");
        update.setString(1, sku);
        update.setInt64(2, stock_id);
        update.executeUpdate();
        if (sku_taken(conn, sku, stock_id)) throw invalid_request("the SKU '" + sku + "' is taken by another variant");
        bump_catalog_version(conn);
    });
}

std::vector<color_choice> list_colors(db::pool& pool) {
    return db::with_connection(pool, [](db::connection& conn) {
        std::unique_ptr<sql::ResultSet> rows(conn.prepare("SELECT id, name FROM color ORDER BY name").executeQuery());
        std::vector<color_choice> colors;
        while (rows->next()) colors.push_back({rows->getInt64(1), rows->getString(2)});
        return colors;
    });
}

void set_low_threshold(db::pool& pool, std::int64_t stock_id, std::optional<int> threshold) {
    if (threshold && (*threshold < 0 || *threshold > 1000000)) throw invalid_request("the threshold must be from 0 to 1000000");
    db::in_transaction(pool, [&](db::connection& conn) {
        auto& update = conn.prepare("UPDATE item_stock SET low_threshold = ? WHERE id = ?");
        if (threshold) update.setInt(1, *threshold);
        else update.setNull(1, 0);
        update.setInt64(2, stock_id);
        update.executeUpdate();
        if (!row_exists(conn, "SELECT id FROM item_stock WHERE id = ?", stock_id))
            throw invalid_request("no variant with id " + std::to_string(stock_id));
    });
}

}  // namespace reserva::store
