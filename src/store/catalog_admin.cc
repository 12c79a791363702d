#include "store/catalog_admin.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>

#include "db/statements.h"
#include "db/transaction.h"
#include "store/catalog_version.h"
#include "store/product_admin.h"

namespace reserva::store {
namespace {

bool exists(db::connection& conn, const std::string& sql, std::int64_t id) {
    auto& query = conn.prepare(sql);
    query.setInt64(1, id);
    std::unique_ptr<sql::ResultSet> row(query.executeQuery());
    return row->next();
}

}  // namespace

std::int64_t add_product(db::pool& pool, const std::string& name, cents price, const std::string& description,
                         const std::string& image_url) {
    return db::in_transaction(pool, [&](db::connection& conn) {
        auto& insert = conn.prepare("INSERT INTO product (name, price_cents, description, image_url) VALUES (?, ?, ?, ?)");
        insert.setString(1, name);
        insert.setInt64(2, price);
        insert.setString(3, description);
        insert.setString(4, image_url);
        insert.executeUpdate();
        std::int64_t id = db::last_insert_id(conn);
        bump_catalog_version(conn);
        return id;
    });
}

std::int64_t add_color(db::pool& pool, const std::string& name) {
    return db::in_transaction(pool, [&](db::connection& conn) {
        auto& existing = conn.prepare("SELECT id FROM color WHERE name = ?");
        existing.setString(1, name);
        std::unique_ptr<sql::ResultSet> row(existing.executeQuery());
        if (row->next()) throw invalid_request("a color named '" + name + "' exists already (id " + row->getString(1) + ")");
        auto& insert = conn.prepare("INSERT INTO color (name) VALUES (?)");
        insert.setString(1, name);
        insert.executeUpdate();
        std::int64_t id = db::last_insert_id(conn);
        bump_catalog_version(conn);
        return id;
    });
}

void set_stock(db::pool& pool, std::int64_t product_id, std::int64_t color_id, const std::string& size, int quantity) {
    db::in_transaction(pool, [&](db::connection& conn) {
        if (!exists(conn, "SELECT id FROM product WHERE id = ?", product_id))
            throw invalid_request("no product with id " + std::to_string(product_id));
        if (!exists(conn, "SELECT id FROM color WHERE id = ?", color_id))
            throw invalid_request("no color with id " + std::to_string(color_id));
        auto& upsert = conn.prepare(
            "INSERT INTO item_stock (product_id, color_id, size, quantity) VALUES (?, ?, ?, ?)"
            " ON DUPLICATE KEY UPDATE quantity = VALUES(quantity)");
        upsert.setInt64(1, product_id);
        upsert.setInt64(2, color_id);
        upsert.setString(3, size);
        upsert.setInt(4, quantity);
        upsert.executeUpdate();
        name_new_variants(conn, product_id);
    });
}

std::optional<int> get_stock(db::pool& pool, std::int64_t product_id, std::int64_t color_id, const std::string& size) {
    return db::with_connection(pool, [&](db::connection& conn) -> std::optional<int> {
        auto& query = conn.prepare("SELECT quantity FROM item_stock WHERE product_id = ? AND color_id = ? AND size = ?");
        query.setInt64(1, product_id);
        query.setInt64(2, color_id);
        query.setString(3, size);
        std::unique_ptr<sql::ResultSet> row(query.executeQuery());
        if (!row->next()) return std::nullopt;
        return row->getInt(1);
    });
}

}  // namespace reserva::store
