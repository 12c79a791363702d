#include "store/expiry.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>
#include <vector>

#include "db/transaction.h"
#include "store/holds.h"
#include "store/payment_links.h"

namespace reserva::store {

expiry_result expire_stale_payments(db::pool& pool) {
    return db::in_transaction(pool, [](db::connection& conn) {
        expiry_result result;
        auto& claim = conn.prepare(
            "SELECT id FROM payment WHERE status IN ('creating', 'open') AND expires_at <= NOW(3) ORDER BY id FOR UPDATE SKIP LOCKED");
        std::unique_ptr<sql::ResultSet> rows(claim.executeQuery());
        std::vector<std::int64_t> ids;
        while (rows->next()) ids.push_back(rows->getInt64(1));
        for (auto id : ids) result.payments_expired += payment_links::expire_if_unfinished(conn, id);
        result.holds_released = holds::release_lapsed(conn);
        return result;
    });
}

void delete_abandoned_carts(db::pool& pool, expiry_result& result) {
    db::in_transaction(pool, [&](db::connection& conn) {
        auto& empty = conn.prepare(
            "DELETE i FROM ordered_item i"
            "  JOIN shop_order o ON o.id = i.order_id AND o.end_date IS NULL"
            "  JOIN client c ON c.id = o.client_id AND c.email IS NULL"
            " WHERE o.updated_at < NOW(3) - INTERVAL ? DAY");
        empty.setInt(1, anonymous_cart_days);
        empty.executeUpdate();
        auto& orders = conn.prepare(
            "DELETE o FROM shop_order o JOIN client c ON c.id = o.client_id AND c.email IS NULL"
            " WHERE o.end_date IS NULL AND o.updated_at < NOW(3) - INTERVAL ? DAY"
            "   AND NOT EXISTS (SELECT 1 FROM payment p WHERE p.order_id = o.id)");
        orders.setInt(1, anonymous_cart_days);
        result.carts_deleted = orders.executeUpdate();
        auto& clients = conn.prepare(
            "DELETE FROM client WHERE email IS NULL AND last_seen_at < NOW(3) - INTERVAL ? DAY"
            "   AND NOT EXISTS (SELECT 1 FROM shop_order o WHERE o.client_id = client.id)"
            "   AND NOT EXISTS (SELECT 1 FROM payment p WHERE p.client_id = client.id)");
        clients.setInt(1, anonymous_cart_days);
        clients.executeUpdate();
    });
}

}  // namespace reserva::store
