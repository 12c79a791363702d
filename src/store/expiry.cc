#include "store/expiry.h"

#include <memory>
#include <vector>

#include "db/statements.h"
#include "db/transaction.h"
#include "store/holds.h"
#include "store/payment_links.h"

namespace reserva::store {

expiry_result expire_stale_payments(db::pool& pool) {
    return db::in_transaction(pool, [](db::connection& conn) {
        expiry_result result;
        auto rows = db::query(conn,
            "SELECT id FROM payment WHERE status IN ('creating', 'open') AND expires_at <= NOW(3) ORDER BY id FOR UPDATE SKIP LOCKED");
        std::vector<std::int64_t> ids;
        while (rows.next()) ids.push_back(rows.int64(1));
        for (auto id : ids) result.payments_expired += payment_links::expire_if_unfinished(conn, id);
        result.holds_released = holds::release_lapsed(conn);
        return result;
    });
}

void delete_abandoned_carts(db::pool& pool, expiry_result& result) {
    db::in_transaction(pool, [&](db::connection& conn) {
        db::execute(conn,
            "DELETE i FROM ordered_item i"
            "  JOIN shop_order o ON o.id = i.order_id AND o.end_date IS NULL"
            "  JOIN client c ON c.id = o.client_id AND c.email IS NULL"
            " WHERE o.updated_at < NOW(3) - INTERVAL ? DAY", anonymous_cart_days);
        result.carts_deleted = db::execute(conn,
            "DELETE o FROM shop_order o JOIN client c ON c.id = o.client_id AND c.email IS NULL"
            " WHERE o.end_date IS NULL AND o.updated_at < NOW(3) - INTERVAL ? DAY"
            "   AND NOT EXISTS (SELECT 1 FROM payment p WHERE p.order_id = o.id)", anonymous_cart_days);
        db::execute(conn,
            "DELETE FROM client WHERE email IS NULL AND last_seen_at < NOW(3) - INTERVAL ? DAY"
            "   AND NOT EXISTS (SELECT 1 FROM shop_order o WHERE o.client_id = client.id)"
            "   AND NOT EXISTS (SELECT 1 FROM payment p WHERE p.client_id = client.id)", anonymous_cart_days);
    });
}

}  // namespace reserva::store
