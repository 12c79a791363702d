#include "store/refunds.h"

#include <cppconn/exception.h>

#include <algorithm>
#include <memory>
#include <optional>

#include "db/statements.h"
#include "db/transaction.h"
#include "store/fulfilment.h"
#include "store/stock_ledger.h"

namespace reserva::store {
namespace {

constexpr int duplicate_key = 1062;

// The order's approved payment and its total, both rows locked (payment first, as finalize).
struct settled_order {
    std::int64_t payment_id = 0;
    std::string gateway_payment_id;
    cents total = 0;
    cents refunded_or_pending = 0;  // after-sale refunds not failed
    std::string recipient;
};

std::optional<settled_order> lock_settled_order(db::connection& conn, std::int64_t order_id) {
    auto paid = db::query(conn,
        "SELECT id, gateway_payment_id FROM payment WHERE order_id = ? AND status = 'approved' ORDER BY id LIMIT 1 FOR UPDATE",
        order_id);
    if (!paid.next() || paid.is_null(2)) return std::nullopt;
    settled_order order;
    order.payment_id = paid.int64(1);
    order.gateway_payment_id = paid.text(2);
    auto row = db::query(conn,
        "SELECT COALESCE(o.total_cents, 0), COALESCE(o.email, c.email, '') FROM shop_order o JOIN client c ON c.id = o.client_id"
        " WHERE o.id = ? AND o.end_date IS NOT NULL FOR UPDATE", order_id);
    if (!row.next()) return std::nullopt;
    order.total = row.int64(1);
    order.recipient = row.text(2);
    auto summed = db::query(conn,
        "SELECT COALESCE(SUM(amount_cents), 0) FROM refund WHERE order_id = ? AND kind <> 'automatic' AND status <> 'failed'",
        order_id);
    summed.next();
    order.refunded_or_pending = summed.int64(1);
    return order;
}

// Units of the order's line that a new refund may still restock; -1 when the line is not the order's.
int restockable(db::connection& conn, std::int64_t order_id, std::int64_t line_id) {
    auto row = db::query(conn,
        "SELECT i.quantity - COALESCE((SELECT SUM(rl.quantity) FROM refund_line rl JOIN refund r ON r.id = rl.refund_id"
        "                               WHERE rl.ordered_item_id = i.id AND r.status <> 'failed'), 0)"
        "  FROM ordered_item i WHERE i.id = ? AND i.order_id = ?", line_id, order_id);
    return row.next() ? row.int32(1) : -1;
}

void restock_lines(db::connection& conn, std::int64_t refund_id, std::int64_t order_id, const std::string& who) {
    // Stock rows in ascending id order.
    auto rows = db::query(conn,
        "SELECT i.item_stock_id, rl.quantity FROM refund_line rl JOIN ordered_item i ON i.id = rl.ordered_item_id"
        " WHERE rl.refund_id = ? ORDER BY i.item_stock_id", refund_id);
    std::vector<std::pair<std::int64_t, int>> back;
    while (rows.next()) back.emplace_back(rows.int64(1), rows.int32(2));
    for (auto& [stock_id, units] : back)
        ledger::apply(conn, {stock_id, units, ledger::reason::refund, who, order_id, "refund " + std::to_string(refund_id)});
}

}  // namespace

void record_automatic_refund(db::connection& conn, std::int64_t payment_id, const std::string& gateway_payment_id,
                             cents amount, const std::string& reason) {
    db::execute(conn,
        "INSERT INTO refund (payment_id, gateway_payment_id, amount_cents, reason) VALUES (?, ?, ?, ?)",
        payment_id, gateway_payment_id, amount, reason);
}

std::vector<refund_to_make> pending_refunds(db::pool& pool, const std::string& gateway_payment_id) {
    return db::with_connection(pool, [&](db::connection& conn) {
        auto found = db::query(conn,
            "SELECT id, gateway_payment_id, IF(kind = 'automatic', 0, amount_cents), COALESCE(form_key, '')"
            "  FROM refund WHERE status = 'pending' AND (? = '' OR gateway_payment_id = ?) ORDER BY id LIMIT 100",
            gateway_payment_id, gateway_payment_id);
        std::vector<refund_to_make> refunds;
        while (found.next()) {
            std::string key = found.text(4);
            // An automatic refund's key is its gateway payment (one per payment); a staff one's, its form.
            refunds.push_back({found.int64(1), found.text(2), found.int64(3),
                               "refund-" + (key.empty() ? found.text(2) : key)});
        }
        return refunds;
    });
}

void mark_refund_done(db::pool& pool, std::int64_t refund_id, const std::string& gateway_refund_id) {
    db::in_transaction(pool, [&](db::connection& conn) {
        auto row = db::query(conn,
            "SELECT kind, COALESCE(order_id, 0), amount_cents, COALESCE(requested_by, 'system'), reason FROM refund"
            " WHERE id = ? AND status = 'pending' FOR UPDATE", refund_id);
        if (!row.next()) return;  // done (or failed) already
        std::string kind = row.text(1);
        std::int64_t order_id = row.int64(2);
        cents amount = row.int64(3);
        std::string who = row.text(4), reason = row.text(5);
        db::expect_rows(db::execute(conn,
            "UPDATE refund SET status = 'done', gateway_refund_id = ?, done_at = NOW(3) WHERE id = ? AND status = 'pending'",
            gateway_refund_id, refund_id), 1, "refund: the row changed since it was read");
        if (kind != "staff" || !order_id) return;
        auto head = db::query(conn,
            "SELECT COALESCE(o.email, c.email, '') FROM shop_order o JOIN client c ON c.id = o.client_id WHERE o.id = ? FOR UPDATE",
            order_id);
        std::string recipient = head.next() ? head.text(1) : "";
        db::execute(conn,
            "UPDATE shop_order SET refunded_cents = refunded_cents + ?, updated_at = NOW(3) WHERE id = ?",
            amount, order_id);
        restock_lines(conn, refund_id, order_id, who);
        record_order_event(conn, order_id, who, "refund", format_brl(amount) + " refunded at Mercado Pago (" + reason + ")");
        if (!recipient.empty()) queue_order_mail(conn, order_id, "refund", refund_id, recipient);
    });
}

void mark_refund_failed(db::pool& pool, std::int64_t refund_id, const std::string& why) {
    db::in_transaction(pool, [&](db::connection& conn) {
        if (db::execute(conn,
            "UPDATE refund SET status = 'failed' WHERE id = ? AND status = 'pending' AND kind = 'staff'",
            refund_id) != 1) return;
        auto row = db::query(conn,
            "SELECT order_id, amount_cents, COALESCE(requested_by, 'system') FROM refund WHERE id = ?", refund_id);
        if (row.next() && !row.is_null(1))
            record_order_event(conn, row.int64(1), row.text(3), "refund",
                               "Mercado Pago refused the refund of " + format_brl(row.int64(2)) + ": " + why.substr(0, 300));
    });
}

refund_decided decide_staff_refund(db::pool& pool, const actor& by, const staff_refund_request& request) {
    try {
        return db::in_transaction(pool, [&](db::connection& conn) {
            refund_decided decided;
            // The form's key first: a second submit finds the first one's row and changes nothing.
            auto seen = db::query(conn, "SELECT id FROM refund WHERE form_key = ?", request.form_key);
            if (seen.next()) {
                decided.result = refund_decision::duplicate;
                return decided;
            }
            auto order = lock_settled_order(conn, request.order_id);
            if (!order) {
                decided.result = refund_decision::not_refundable;
                return decided;
            }
            decided.left = order->total - order->refunded_or_pending;
            cents amount = request.amount == 0 ? decided.left : request.amount;
            if (amount <= 0 || amount > decided.left) {
                decided.result = refund_decision::too_much;
                return decided;
            }
            for (auto& [line_id, units] : request.restock)
                if (units < 0 || restockable(conn, request.order_id, line_id) < units) {
                    decided.result = refund_decision::bad_restock;
                    return decided;
                }
            db::execute(conn,
                "INSERT INTO refund (payment_id, gateway_payment_id, amount_cents, reason, kind, form_key, requested_by, order_id)"
                " VALUES (?, ?, ?, ?, 'staff', ?, ?, ?)",
                order->payment_id, order->gateway_payment_id, amount, request.reason, request.form_key, by.who, request.order_id);
            auto refund_id = db::last_insert_id(conn);
            std::string restocked;
            for (auto& [line_id, units] : request.restock) {
                if (units == 0) continue;
                db::execute(conn,
                    "INSERT INTO refund_line (refund_id, ordered_item_id, quantity) VALUES (?, ?, ?)",
                    refund_id, line_id, units);
                restocked += (restocked.empty() ? "" : ", ") + std::to_string(units) + " of line " + std::to_string(line_id);
            }
            std::string subject = "order #" + std::to_string(request.order_id);
            record_order_event(conn, request.order_id, by.who, "refund",
                               "Refund of " + format_brl(amount) + " asked: " + request.reason +
                                   (restocked.empty() ? "" : " (restock " + restocked + ")"));
            record_audit(conn, by, "order.refund", subject, "refunded " + format_brl(order->refunded_or_pending) + " of " + format_brl(order->total),
                         "refunded " + format_brl(order->refunded_or_pending + amount) + " of " + format_brl(order->total) +
                             (restocked.empty() ? "" : "; restock " + restocked));
            decided.result = refund_decision::created;
            decided.refund = {refund_id, order->gateway_payment_id, amount, "refund-" + request.form_key};
            return decided;
        });
    } catch (const sql::SQLException& e) {
        // Two submits of one form at the same moment: the unique form key lets one in.
        if (e.getErrorCode() != duplicate_key) throw;
        refund_decided decided;
        decided.result = refund_decision::duplicate;
        return decided;
    }
}

bool record_gateway_reversal(db::pool& pool, const std::string& gateway_payment_id, const std::string& status,
                             cents refunded_at_gateway) {
    return db::in_transaction(pool, [&](db::connection& conn) {
        auto found = db::query(conn,
            "SELECT order_id FROM payment WHERE gateway_payment_id = ? AND status = 'approved' FOR UPDATE", gateway_payment_id);
        if (!found.next()) return false;  // not a sale of this store (an automatic refund's payment, say)
        std::int64_t order_id = found.int64(1);
        auto order = lock_settled_order(conn, order_id);
        if (!order) return false;
        bool changed = false;
        // A pending refund of ours may be what the gateway reports: only money beyond every
        // refund this store asked for is the dashboard's.
        cents unknown = std::min(refunded_at_gateway, order->total) - order->refunded_or_pending;
        if (unknown > 0) {
            db::execute(conn,
                "INSERT INTO refund (payment_id, gateway_payment_id, amount_cents, reason, kind, status, done_at, requested_by, order_id)"
                " VALUES (?, ?, ?, 'refunded at the Mercado Pago dashboard', 'gateway', 'done', NOW(3), 'gateway', ?)",
                order->payment_id, gateway_payment_id, unknown, order_id);
            db::execute(conn,
                "UPDATE shop_order SET refunded_cents = refunded_cents + ? WHERE id = ?", unknown, order_id);
            record_order_event(conn, order_id, "gateway", "gateway",
                               format_brl(unknown) + " refunded at the Mercado Pago dashboard, not from this back office");
            changed = true;
        }
        std::string alert = status == "charged_back" || status == "cancelled" ? status : (changed ? "refunded" : "");
        if (!alert.empty()) {
            int flagged = db::execute(conn,
                "UPDATE shop_order SET gateway_alert = ?, updated_at = NOW(3) WHERE id = ? AND (gateway_alert IS NULL OR gateway_alert <> ?)",
                alert, order_id, alert);
            if (flagged == 1) {
                if (alert != "refunded")
                    record_order_event(conn, order_id, "gateway", "gateway",
                                       alert == "charged_back" ? "Mercado Pago reports a chargeback: do not ship"
                                                               : "Mercado Pago reports the payment cancelled: do not ship");
                record_audit(conn, {0, "gateway"}, "order.gateway_alert", "order #" + std::to_string(order_id), "", alert);
                changed = true;
            }
        }
        return changed;
    });
}

}  // namespace reserva::store
