#include "store/catalog.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <algorithm>
#include <memory>

#include "db/transaction.h"
#include "store/holds.h"

namespace reserva::store {

int size_rank(const std::string& size) {
    static const char* const order[] = {"PP", "P", "M", "G", "GG", "XG", "XGG", "XS", "S", "L", "XL", "XXL"};
    for (int i = 0; i < static_cast<int>(std::size(order)); ++i)
        if (size == order[i]) return i;
    return 100;  // numeric and other sizes after the letter sizes, then by text
}

std::vector<product_summary> list_products(db::pool& pool) {
    return db::with_connection(pool, [](db::connection& conn) {
        auto& query = conn.prepare(
            "SELECT p.id, p.name, p.price_cents, p.image_url, ph.id, ph.name, ph.width, ph.height"
            "  FROM product p LEFT JOIN product_photo ph ON ph.product_id = p.id AND ph.position = 0"
            " WHERE p.active = 1 ORDER BY p.id");
        std::unique_ptr<sql::ResultSet> rows(query.executeQuery());
        std::vector<product_summary> products;
        while (rows->next()) {
            products.push_back({rows->getInt64(1), rows->getString(2), rows->getInt64(3), rows->getString(4), std::nullopt});
            if (!rows->isNull(5))
                products.back().cover = product_photo{rows->getInt64(5), 0, rows->getString(6), rows->getInt(7), rows->getInt(8)};
        }
        return products;
    });
}

// One statement: the product and one row per variant, what is available from the hold counts on
// the stock rows (store/holds.h).
std::optional<product_detail> find_product(db::pool& pool, std::int64_t id, std::int64_t viewer_order_id) {
    return db::with_connection(pool, [&](db::connection& conn) -> std::optional<product_detail> {
        // A visitor without an order (most) gets the statement without the own-hold join.
        auto statement = [](const std::string& own) {
            return "SELECT p.id, p.name, p.price_cents, p.image_url, p.description,"
                   "       s.id, s.color_id, c.name, s.size, " + holds::counted_columns(own) +
                   "  FROM product p"
                   "  LEFT JOIN item_stock s ON s.product_id = p.id"
                   "  LEFT JOIN color c ON c.id = s.color_id" + holds::own_join(own) +
                   " WHERE p.id = ? AND p.active = 1";
        };
        static const std::string for_visitor = statement(""), for_order = statement("?");
        auto& query = conn.prepare(viewer_order_id ? for_order : for_visitor);
        unsigned next = 1;
        if (viewer_order_id) query.setInt64(next++, viewer_order_id);
        query.setInt64(next, id);
        std::unique_ptr<sql::ResultSet> rows(query.executeQuery());
        if (!rows->next()) return std::nullopt;
        product_detail detail;
        detail.summary = {rows->getInt64(1), rows->getString(2), rows->getInt64(3), rows->getString(4), std::nullopt};
        detail.description = rows->getString(5);
        do {
            if (rows->isNull(6)) continue;  // a product without variants
            std::int64_t stock_id = rows->getInt64(6);
            detail.variants.push_back({stock_id, rows->getInt64(7), rows->getString(8), rows->getString(9),
                                       holds::available(conn, rows->getInt(10), rows->getBoolean(11), stock_id,
                                                        viewer_order_id)});
        } while (rows->next());
        std::sort(detail.variants.begin(), detail.variants.end(), [](const variant& a, const variant& b) {
            if (a.color_name != b.color_name) return a.color_name < b.color_name;
            if (size_rank(a.size) != size_rank(b.size)) return size_rank(a.size) < size_rank(b.size);
            return a.size < b.size;
        });
        rows.reset();
        detail.photos = product_photos(conn, id);
        if (!detail.photos.empty()) detail.summary.cover = detail.photos.front();
        return detail;
    });
}

}  // namespace reserva::store
