#include "store/payment_links.h"

#include "db/statements.h"

namespace reserva::store::payment_links {

std::int64_t create(db::connection& conn, const pending_payment& payment, std::int64_t client_id, int expiry_minutes,
                    const std::string& client_address) {
    db::execute(conn,
        "INSERT INTO payment (order_id, client_id, reference, status, total_cents, expires_at, client_address)"
        " VALUES (?, ?, ?, 'creating', ?, NOW(3) + INTERVAL ? MINUTE, NULLIF(?, ''))",
        payment.order_id, client_id, payment.reference, payment.total, expiry_minutes, client_address);
    std::int64_t payment_id = db::last_insert_id(conn);
    for (auto& item : payment.lines)
        db::execute(conn,
            "INSERT INTO payment_item (payment_id, item_stock_id, quantity, unit_price_cents, title) VALUES (?, ?, ?, ?, ?)",
            payment_id, item.stock_id, item.quantity, item.unit_price, item.title);
    return payment_id;
}

int mark_open(db::connection& conn, std::int64_t payment_id, const std::string& preference_id,
              const std::string& init_point) {
    return db::execute(conn,
        "UPDATE payment SET status = 'open', preference_id = ?, init_point = ? WHERE id = ? AND status = 'creating'",
        preference_id, init_point, payment_id);
}

int mark_failed(db::connection& conn, std::int64_t payment_id, const std::string& preference_id) {
    // A preference the gateway did make is kept, so that the link is expired there (and retried
    // by reserva-expire until it is).
    return db::execute(conn,
                       "UPDATE payment SET status = 'failed', preference_id = NULLIF(?, '') WHERE id = ? AND status = 'creating'",
                       preference_id, payment_id);
}

int mark_deleted(db::connection& conn, std::int64_t payment_id) {
    return db::execute(conn, "UPDATE payment SET status = 'deleted' WHERE id = ?", payment_id);
}

int mark_expired(db::connection& conn, std::int64_t payment_id) {
    return db::execute(conn, "UPDATE payment SET status = 'expired' WHERE id = ?", payment_id);
}

int expire_if_unfinished(db::connection& conn, std::int64_t payment_id) {
    return db::execute(conn, "UPDATE payment SET status = 'expired' WHERE id = ? AND status IN ('creating', 'open')",
                       payment_id);
}

int mark_approved(db::connection& conn, std::int64_t payment_id, const std::string& gateway_payment_id,
                  const std::string& from_status) {
    return db::execute(conn,
        "UPDATE payment SET status = 'approved', gateway_payment_id = ?, finished_at = NOW(3) WHERE id = ? AND status = ?",
        gateway_payment_id, payment_id, from_status);
}

int mark_refunded(db::connection& conn, std::int64_t payment_id, const std::string& gateway_payment_id,
                  const std::string& from_status) {
    return db::execute(conn,
        "UPDATE payment SET status = 'refunded', gateway_payment_id = ?, finished_at = NOW(3) WHERE id = ? AND status = ?",
        gateway_payment_id, payment_id, from_status);
}

int claim_gateway_work(db::connection& conn, std::int64_t payment_id) {
    return db::execute(conn, "UPDATE payment SET gateway_claim_until = NOW(3) + INTERVAL 5 MINUTE WHERE id = ?",
                       payment_id);
}

int release_gateway_claim(db::connection& conn, std::int64_t payment_id) {
    return db::execute(conn, "UPDATE payment SET gateway_claim_until = NULL WHERE id = ?", payment_id);
}

int mark_expired_at_gateway(db::connection& conn, std::int64_t payment_id) {
    return db::execute(conn, "UPDATE payment SET link_expired_at_gateway = 1 WHERE id = ?", payment_id);
}

}  // namespace reserva::store::payment_links
