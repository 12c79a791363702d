#include "store/catalog_export.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>

#include "db/transaction.h"
#include "util/csv.h"
#include "util/money.h"

namespace reserva::store {

std::string export_products_csv(db::pool& pool) {
    return db::with_connection(pool, [](db::connection& conn) {
        std::string out = csv_line({"sku", "product_id", "product", "color", "size", "price", "published", "description"});
        std::unique_ptr<sql::ResultSet> rows(
            conn.prepare("SELECT COALESCE(s.sku, ''), p.id, p.name, COALESCE(c.name, ''), COALESCE(s.size, ''),"
                         "       p.price_cents, p.active, p.description"
                         "  FROM product p LEFT JOIN item_stock s ON s.product_id = p.id"
                         "  LEFT JOIN color c ON c.id = s.color_id ORDER BY p.id, s.id")
                .executeQuery());
        while (rows->next())
            out += csv_line({csv_field(rows->getString(1), true), rows->getString(2), csv_field(rows->getString(3), true),
                             csv_field(rows->getString(4), true), csv_field(rows->getString(5), true),
                             format_decimal(rows->getInt64(6)), rows->getBoolean(7) ? "1" : "0",
                             csv_field(rows->getString(8), true)});
        return out;
    });
}

std::string export_stock_csv(db::pool& pool) {
    return db::with_connection(pool, [](db::connection& conn) {
        std::string out = csv_line({"sku", "product", "color", "size", "on_hand", "held"});
        std::unique_ptr<sql::ResultSet> rows(
            conn.prepare("SELECT s.sku, p.name, c.name, s.size, s.quantity, s.held FROM item_stock s"
                         "  JOIN product p ON p.id = s.product_id JOIN color c ON c.id = s.color_id ORDER BY p.id, s.id")
                .executeQuery());
        while (rows->next())
            out += csv_line({csv_field(rows->getString(1), true), csv_field(rows->getString(2), true),
                             csv_field(rows->getString(3), true), csv_field(rows->getString(4), true), rows->getString(5),
                             rows->getString(6)});
        return out;
    });
}

}  // namespace reserva::store
