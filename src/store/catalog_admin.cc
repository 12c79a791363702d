#include "store/catalog_admin.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>

#include "db/statements.h"
#include "db/transaction.h"
#include "store/catalog_version.h"
#include "store/product_admin.h"
#include "store/stock_ledger.h"

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

namespace {

std::optional<std::int64_t> variant_id(db::connection& conn, std::int64_t product_id, std::int64_t color_id,
                                       const std::string& size) {
    auto& query = conn.prepare("SELECT id FROM item_stock WHERE product_id = ? AND color_id = ? AND size = ?");
    query.setInt64(1, product_id);
    query.setInt64(2, color_id);
    query.setString(3, size);
    std::unique_ptr<sql::ResultSet> row(query.executeQuery());
    if (!row->next()) return std::nullopt;
    return row->getInt64(1);
}

stock_change after(db::connection& conn, std::int64_t stock_id, int on_hand) {
    auto held = ledger::live_holds(conn, stock_id);
    return {on_hand, held.units, held.orders};
}

}  // namespace

stock_change set_stock(db::pool& pool, std::int64_t product_id, std::int64_t color_id, const std::string& size,
                       int quantity, const std::string& who) {
    return db::in_transaction(pool, [&](db::connection& conn) {
        if (!exists(conn, "SELECT id FROM product WHERE id = ?", product_id))
            throw invalid_request("no product with id " + std::to_string(product_id));
        if (!exists(conn, "SELECT id FROM color WHERE id = ?", color_id))
            throw invalid_request("no color with id " + std::to_string(color_id));
        auto stock_id = variant_id(conn, product_id, color_id, size);
        if (!stock_id) {
            // A new variant starts at 0 so that its first units, like every later change, are a ledger row.
            auto& insert = conn.prepare("INSERT INTO item_stock (product_id, color_id, size, quantity) VALUES (?, ?, ?, 0)");
            insert.setInt64(1, product_id);
            insert.setInt64(2, color_id);
            insert.setString(3, size);
            insert.executeUpdate();
            stock_id = db::last_insert_id(conn);
            assign_default_sku(conn, *stock_id);
            bump_catalog_version(conn);
        }
        auto done = ledger::set_to(conn, *stock_id, quantity, ledger::reason::count, who, "");
        return after(conn, *stock_id, done.on_hand_after);
    });
}

stock_change adjust_stock(db::pool& pool, std::int64_t product_id, std::int64_t color_id, const std::string& size,
                          int delta, const std::string& reason, const std::string& who) {
    return db::in_transaction(pool, [&](db::connection& conn) {
        auto stock_id = variant_id(conn, product_id, color_id, size);
        if (!stock_id) throw invalid_request("no such variant");
        auto done = ledger::apply(conn, {*stock_id, delta, ledger::reason::adjust, who, 0, reason});
        return after(conn, *stock_id, done.on_hand_after);
    });
}

std::optional<std::int64_t> find_variant(db::pool& pool, std::int64_t product_id, std::int64_t color_id,
                                         const std::string& size) {
    return db::with_connection(pool, [&](db::connection& conn) { return variant_id(conn, product_id, color_id, size); });
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
