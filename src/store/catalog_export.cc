#include "store/catalog_export.h"

#include <memory>

#include "db/statements.h"
#include "db/transaction.h"
#include "util/csv.h"
#include "util/money.h"

namespace reserva::store {

std::string export_products_csv(db::pool& pool) {
    return db::with_connection(pool, [](db::connection& conn) {
        std::string out = csv_line({"sku", "product_id", "product", "color", "size", "price", "published", "description"});
        auto rows = db::query(conn,
            "SELECT COALESCE(s.sku, ''), p.id, p.name, COALESCE(c.name, ''), COALESCE(s.size, ''),"
            "       p.price_cents, p.active, p.description"
            "  FROM product p LEFT JOIN item_stock s ON s.product_id = p.id"
            "  LEFT JOIN color c ON c.id = s.color_id ORDER BY p.id, s.id");
        while (rows.next())
            out += csv_line({csv_field(rows.text(1), true), rows.text(2), csv_field(rows.text(3), true),
                             csv_field(rows.text(4), true), csv_field(rows.text(5), true),
                             format_decimal(rows.int64(6)), rows.boolean(7) ? "1" : "0",
                             csv_field(rows.text(8), true)});
        return out;
    });
}

std::string export_stock_csv(db::pool& pool) {
    return db::with_connection(pool, [](db::connection& conn) {
        std::string out = csv_line({"sku", "product", "color", "size", "on_hand", "held"});
        auto rows = db::query(conn,
            "SELECT s.sku, p.name, c.name, s.size, s.quantity, s.held FROM item_stock s"
            "  JOIN product p ON p.id = s.product_id JOIN color c ON c.id = s.color_id ORDER BY p.id, s.id");
        while (rows.next())
            out += csv_line({csv_field(rows.text(1), true), csv_field(rows.text(2), true),
                             csv_field(rows.text(3), true), csv_field(rows.text(4), true), rows.text(5),
                             rows.text(6)});
        return out;
    });
}

}  // namespace reserva::store
