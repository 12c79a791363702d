#include "store/catalog_admin.h"

#include <memory>

#include "db/statements.h"
#include "db/transaction.h"
#include "store/catalog_version.h"
#include "store/product_admin.h"
#include "store/stock_ledger.h"

namespace reserva::store {
namespace {

bool exists(db::connection& conn, const std::string& sql, std::int64_t id) {
    auto row = db::query(conn, sql, id);
    return row.next();
}

}  // namespace

std::int64_t add_product(db::pool& pool, const std::string& name, cents price, const std::string& description,
                         const std::string& image_url) {
    return db::in_transaction(pool, [&](db::connection& conn) {
        db::execute(conn,
            "INSERT INTO product (name, price_cents, description, image_url) VALUES (?, ?, ?, ?)",
            name, price, description, image_url);
        std::int64_t id = db::last_insert_id(conn);
        bump_catalog_version(conn);
        return id;
    });
}

std::int64_t add_color(db::pool& pool, const std::string& name) {
    return db::in_transaction(pool, [&](db::connection& conn) {
        auto row = db::query(conn, "SELECT id FROM color WHERE name = ?", name);
        if (row.next()) throw invalid_request("a color named '" + name + "' exists already (id " + row.text(1) + ")");
        db::execute(conn, "INSERT INTO color (name) VALUES (?)", name);
        std::int64_t id = db::last_insert_id(conn);
        bump_catalog_version(conn);
        return id;
    });
}

namespace {

std::optional<std::int64_t> variant_id(db::connection& conn, std::int64_t product_id, std::int64_t color_id,
                                       const std::string& size) {
    auto row = db::query(conn,
        "SELECT id FROM item_stock WHERE product_id = ? AND color_id = ? AND size = ?", product_id, color_id, size);
    if (!row.next()) return std::nullopt;
    return row.int64(1);
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
            db::execute(conn,
                "INSERT INTO item_stock (product_id, color_id, size, quantity) VALUES (?, ?, ?, 0)",
                product_id, color_id, size);
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
        auto row = db::query(conn,
            "SELECT quantity FROM item_stock WHERE product_id = ? AND color_id = ? AND size = ?",
            product_id, color_id, size);
        if (!row.next()) return std::nullopt;
        return row.int32(1);
    });
}

}  // namespace reserva::store
