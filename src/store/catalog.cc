#include "store/catalog.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <algorithm>
#include <memory>

#include "db/transaction.h"

namespace reserva::store {

int size_rank(const std::string& size) {
    static const char* const order[] = {"PP", "P", "M", "G", "GG", "XG", "XGG", "XS", "S", "L", "XL", "XXL"};
    for (int i = 0; i < static_cast<int>(std::size(order)); ++i)
        if (size == order[i]) return i;
    return 100;  // numeric and other sizes after the letter sizes, then by text
}

std::vector<product_summary> list_products(db::pool& pool) {
    return db::with_connection(pool, [](db::connection& conn) {
        auto& query = conn.prepare("SELECT id, name, price_cents, image_url FROM product WHERE active = 1 ORDER BY id");
        std::unique_ptr<sql::ResultSet> rows(query.executeQuery());
        std::vector<product_summary> products;
        while (rows->next())
            products.push_back({rows->getInt64(1), rows->getString(2), rows->getInt64(3), rows->getString(4)});
        return products;
    });
}

std::optional<product_detail> find_product(db::pool& pool, std::int64_t id, std::int64_t viewer_order_id) {
    return db::with_connection(pool, [&](db::connection& conn) -> std::optional<product_detail> {
        auto& product_query = conn.prepare(
            "SELECT id, name, price_cents, image_url, description FROM product WHERE id = ? AND active = 1");
        product_query.setInt64(1, id);
        std::unique_ptr<sql::ResultSet> row(product_query.executeQuery());
        if (!row->next()) return std::nullopt;
        product_detail detail;
        detail.summary = {row->getInt64(1), row->getString(2), row->getInt64(3), row->getString(4)};
        detail.description = row->getString(5);

        auto& variant_query = conn.prepare(
            "SELECT s.id, s.color_id, c.name, s.size, s.quantity,"
            "       GREATEST(s.quantity - COALESCE(SUM(h.quantity), 0), 0)"
            "  FROM item_stock s"
            "  JOIN color c ON c.id = s.color_id"
            "  LEFT JOIN stock_hold h ON h.item_stock_id = s.id AND h.expires_at > NOW(3) AND h.order_id <> ?"
            " WHERE s.product_id = ?"
            " GROUP BY s.id, s.color_id, c.name, s.size, s.quantity");
        variant_query.setInt64(1, viewer_order_id);
        variant_query.setInt64(2, id);
        std::unique_ptr<sql::ResultSet> rows(variant_query.executeQuery());
        while (rows->next())
            detail.variants.push_back({rows->getInt64(1), rows->getInt64(2), rows->getString(3), rows->getString(4),
                                       rows->getInt(5), rows->getInt(6)});
        std::sort(detail.variants.begin(), detail.variants.end(), [](const variant& a, const variant& b) {
            if (a.color_name != b.color_name) return a.color_name < b.color_name;
            if (size_rank(a.size) != size_rank(b.size)) return size_rank(a.size) < size_rank(b.size);
            return a.size < b.size;
        });
        return detail;
    });
}

}  // namespace reserva::store
