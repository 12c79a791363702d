#include "store/stocked_variants.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>

namespace reserva::store {

std::vector<stocked_variant> variants_with_product(db::connection& conn, const variant_filter& filter,
                                               int default_threshold, variant_order order) {
    // Each filter adds a fixed piece of SQL, so every combination is one prepared statement the
    // connection caches; values are always bound.
    std::string sql =
        "SELECT s.id, p.id, c.id, p.name, c.name, s.size, COALESCE(s.sku, ''), s.quantity, s.held,"
        "       COALESCE(s.low_threshold, ?), s.stock_version"
        "  FROM item_stock s JOIN product p ON p.id = s.product_id JOIN color c ON c.id = s.color_id"
        " WHERE 1 = 1";
    if (filter.stock_id) sql += " AND s.id = ?";
    if (!filter.text.empty()) sql += " AND (p.name LIKE CONCAT('%', ?, '%') OR s.sku LIKE CONCAT('%', ?, '%'))";
    if (filter.low_only) sql += " AND s.quantity <= COALESCE(s.low_threshold, ?)";
    if (filter.published_only) sql += " AND p.active = 1";
    if (filter.not_yet_notified) sql += " AND s.low_notified = 0";
    sql += order == variant_order::newest_product ? " ORDER BY p.id DESC, c.name, s.id" : " ORDER BY s.quantity, p.name, s.sku";
    if (filter.lock) sql += " FOR UPDATE";

    auto& query = conn.prepare(sql);
    int n = 0;
    query.setInt(++n, default_threshold);
    if (filter.stock_id) query.setInt64(++n, filter.stock_id);
    if (!filter.text.empty()) {
        query.setString(++n, filter.text);
        query.setString(++n, filter.text);
    }
    if (filter.low_only) query.setInt(++n, default_threshold);
    std::unique_ptr<sql::ResultSet> rows(query.executeQuery());
    std::vector<stocked_variant> variants;
    while (rows->next())
        variants.push_back({rows->getInt64(1), rows->getInt64(2), rows->getInt64(3), rows->getString(4),
                            rows->getString(5), rows->getString(6), rows->getString(7), rows->getInt(8),
                            rows->getInt(9), rows->getInt(10), rows->getUInt64(11)});
    return variants;
}

}  // namespace reserva::store
