#include "store/fulfilment.h"

#include <memory>
#include <optional>

#include "db/statements.h"
#include "db/transaction.h"
#include "store/order_state.h"

namespace reserva::store {
namespace {

struct locked_order {
    std::string state;
    std::string recipient;  // the shopper's e-mail, "" when none (an erased account)
    bool flagged = false;
};

std::optional<locked_order> lock_order(db::connection& conn, std::int64_t order_id) {
    auto row = db::query(conn,
        std::string("SELECT ") + order_state_sql +
        ", COALESCE(o.email, c.email, ''), o.gateway_alert IS NOT NULL"
        "  FROM shop_order o JOIN client c ON c.id = o.client_id WHERE o.id = ? FOR UPDATE", order_id);
    if (!row.next()) return std::nullopt;
    return locked_order{row.text(1), row.text(2), row.boolean(3)};
}

}  // namespace

void queue_order_mail(db::connection& conn, std::int64_t order_id, const std::string& kind, std::int64_t ref_id,
                      const std::string& recipient) {
    db::execute(conn,
        "INSERT IGNORE INTO mail_outbox (order_id, kind, ref_id, recipient) VALUES (?, ?, ?, ?)",
        order_id, kind, ref_id, recipient);
}

void record_order_event(db::connection& conn, std::int64_t order_id, const std::string& who, const std::string& kind,
                        const std::string& text) {
    db::execute(conn,
        "INSERT INTO order_event (order_id, who, kind, text) VALUES (?, ?, ?, ?)",
        order_id, who, kind, text.substr(0, 2000));
}

fulfilment_result ship_order(db::pool& pool, const actor& by, std::int64_t order_id, const std::string& carrier,
                             const std::string& tracking) {
    return db::in_transaction(pool, [&](db::connection& conn) {
        auto order = lock_order(conn, order_id);
        if (!order) return fulfilment_result::unknown_order;
        if (order->state != "paid") return fulfilment_result::wrong_state;
        if (order->flagged) return fulfilment_result::flagged;
        db::expect_rows(db::execute(conn,
            "UPDATE shop_order SET shipped_at = NOW(3), carrier = ?, tracking = ?, updated_at = NOW(3) WHERE id = ? AND shipped_at IS NULL",
            carrier, tracking, order_id), 1, "ship: the order changed since it was read");
        std::string what = carrier + ", tracking " + tracking;
        record_order_event(conn, order_id, by.who, "shipped", "Shipped with " + what);
        record_audit(conn, by, "order.ship", "order #" + std::to_string(order_id), order->state, "shipped (" + what + ")");
        if (!order->recipient.empty()) queue_order_mail(conn, order_id, "shipped", 0, order->recipient);
        return fulfilment_result::done;
    });
}

fulfilment_result deliver_order(db::pool& pool, const actor& by, std::int64_t order_id) {
    return db::in_transaction(pool, [&](db::connection& conn) {
        auto order = lock_order(conn, order_id);
        if (!order) return fulfilment_result::unknown_order;
        if (order->state != "shipped") return fulfilment_result::wrong_state;
        db::expect_rows(db::execute(conn,
            "UPDATE shop_order SET delivered_at = NOW(3), updated_at = NOW(3) WHERE id = ? AND delivered_at IS NULL",
            order_id), 1, "deliver: the order changed since it was read");
        record_order_event(conn, order_id, by.who, "delivered", "Marked delivered");
        record_audit(conn, by, "order.deliver", "order #" + std::to_string(order_id), "shipped", "delivered");
        return fulfilment_result::done;
    });
}

fulfilment_result add_order_note(db::pool& pool, const actor& by, std::int64_t order_id, const std::string& text) {
    return db::in_transaction(pool, [&](db::connection& conn) {
        if (!lock_order(conn, order_id)) return fulfilment_result::unknown_order;
        record_order_event(conn, order_id, by.who, "note", text);
        record_audit(conn, by, "order.note", "order #" + std::to_string(order_id), "", text);
        return fulfilment_result::done;
    });
}

}  // namespace reserva::store
