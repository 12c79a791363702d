#include "store/refunds.h"

#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

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
    auto& payment = conn.prepare(
        "SELECT id, gateway_payment_id FROM payment WHERE order_id = ? AND status = 'approved' ORDER BY id LIMIT 1 FOR UPDATE");
    payment.setInt64(1, order_id);
    std::unique_ptr<sql::ResultSet> paid(payment.executeQuery());
    if (!paid->next() || paid->isNull(2)) return std::nullopt;
    settled_order order;
    order.payment_id = paid->getInt64(1);
    order.gateway_payment_id = paid->getString(2);
    auto& head = conn.prepare(
        "SELECT COALESCE(o.total_cents, 0), COALESCE(o.email, c.email, '') FROM shop_order o JOIN client c ON c.id = o.client_id"
        " WHERE o.id = ? AND o.end_date IS NOT NULL FOR UPDATE");
    head.setInt64(1, order_id);
    std::unique_ptr<sql::ResultSet> row(head.executeQuery());
    if (!row->next()) return std::nullopt;
    order.total = row->getInt64(1);
    order.recipient = row->getString(2);
    auto& sum = conn.prepare(
        "SELECT COALESCE(SUM(amount_cents), 0) FROM refund WHERE order_id = ? AND kind <> 'automatic' AND status <> 'failed'");
    sum.setInt64(1, order_id);
    std::unique_ptr<sql::ResultSet> summed(sum.executeQuery());
    summed->next();
    order.refunded_or_pending = summed->getInt64(1);
    return order;
}

// Units of the order's line that a new refund may still restock; -1 when the line is not the order's.
int restockable(db::connection& conn, std::int64_t order_id, std::int64_t line_id) {
    auto& query = conn.prepare(
        "SELECT i.quantity - COALESCE((SELECT SUM(rl.quantity) FROM refund_line rl JOIN refund r ON r.id = rl.refund_id"
        "                               WHERE rl.ordered_item_id = i.id AND r.status <> 'failed'), 0)"
        "  FROM ordered_item i WHERE i.id = ? AND i.order_id = ?");
    query.setInt64(1, line_id);
    query.setInt64(2, order_id);
    std::unique_ptr<sql::ResultSet> row(query.executeQuery());
    return row->next() ? row->getInt(1) : -1;
}

void restock_lines(db::connection& conn, std::int64_t refund_id, std::int64_t order_id, const std::string& who) {
    auto& lines = conn.prepare(
        "SELECT i.item_stock_id, rl.quantity FROM refund_line rl JOIN ordered_item i ON i.id = rl.ordered_item_id"
        " WHERE rl.refund_id = ? ORDER BY i.item_stock_id");  // stock rows in ascending id order
    lines.setInt64(1, refund_id);
    std::unique_ptr<sql::ResultSet> rows(lines.executeQuery());
    std::vector<std::pair<std::int64_t, int>> back;
    while (rows->next()) back.emplace_back(rows->getInt64(1), rows->getInt(2));
    for (auto& [stock_id, units] : back)
        ledger::apply(conn, {stock_id, units, ledger::reason::refund, who, order_id, "refund " + std::to_string(refund_id)});
}

}  // namespace

void record_automatic_refund(db::connection& conn, std::int64_t payment_id, const std::string& gateway_payment_id,
                             cents amount, const std::string& reason) {
    auto& insert = conn.prepare(
        "INSERT INTO refund (payment_id, gateway_payment_id, amount_cents, reason) VALUES (?, ?, ?, ?)");
    insert.setInt64(1, payment_id);
    insert.setString(2, gateway_payment_id);
    insert.setInt64(3, amount);
    insert.setString(4, reason);
    insert.executeUpdate();
}

std::vector<refund_to_make> pending_refunds(db::pool& pool, const std::string& gateway_payment_id) {
    return db::with_connection(pool, [&](db::connection& conn) {
        auto& query = conn.prepare(
            "SELECT id, gateway_payment_id, IF(kind = 'automatic', 0, amount_cents), COALESCE(form_key, '')"
            "  FROM refund WHERE status = 'pending' AND (? = '' OR gateway_payment_id = ?) ORDER BY id LIMIT 100");
        query.setString(1, gateway_payment_id);
        query.setString(2, gateway_payment_id);
        std::unique_ptr<sql::ResultSet> found(query.executeQuery());
        std::vector<refund_to_make> refunds;
        while (found->next()) {
            std::string key = found->getString(4);
            // An automatic refund's key is its gateway payment (one per payment); a staff one's, its form.
            refunds.push_back({found->getInt64(1), found->getString(2), found->getInt64(3),
                               "refund-" + (key.empty() ? std::string(found->getString(2)) : key)});
        }
        return refunds;
    });
}

void mark_refund_done(db::pool& pool, std::int64_t refund_id, const std::string& gateway_refund_id) {
    db::in_transaction(pool, [&](db::connection& conn) {
        auto& query = conn.prepare(
            "SELECT kind, COALESCE(order_id, 0), amount_cents, COALESCE(requested_by, 'system'), reason FROM refund"
            " WHERE id = ? AND status = 'pending' FOR UPDATE");
        query.setInt64(1, refund_id);
        std::unique_ptr<sql::ResultSet> row(query.executeQuery());
        if (!row->next()) return;  // done (or failed) already
        std::string kind = row->getString(1);
        std::int64_t order_id = row->getInt64(2);
        cents amount = row->getInt64(3);
        std::string who = row->getString(4), reason = row->getString(5);
        auto& update = conn.prepare(
            "UPDATE refund SET status = 'done', gateway_refund_id = ?, done_at = NOW(3) WHERE id = ? AND status = 'pending'");
        update.setString(1, gateway_refund_id);
        update.setInt64(2, refund_id);
        db::expect_rows(update.executeUpdate(), 1, "refund: the row changed since it was read");
        if (kind != "staff" || !order_id) return;
        auto& order = conn.prepare(
            "SELECT COALESCE(o.email, c.email, '') FROM shop_order o JOIN client c ON c.id = o.client_id WHERE o.id = ? FOR UPDATE");
        order.setInt64(1, order_id);
        std::unique_ptr<sql::ResultSet> head(order.executeQuery());
        std::string recipient = head->next() ? std::string(head->getString(1)) : "";
        auto& raise = conn.prepare("UPDATE shop_order SET refunded_cents = refunded_cents + ?, updated_at = NOW(3) WHERE id = ?");
        raise.setInt64(1, amount);
        raise.setInt64(2, order_id);
        raise.executeUpdate();
        restock_lines(conn, refund_id, order_id, who);
        record_order_event(conn, order_id, who, "refund", format_brl(amount) + " refunded at Mercado Pago (" + reason + ")");
        if (!recipient.empty()) queue_order_mail(conn, order_id, "refund", refund_id, recipient);
    });
}

void mark_refund_failed(db::pool& pool, std::int64_t refund_id, const std::string& why) {
    db::in_transaction(pool, [&](db::connection& conn) {
        auto& update = conn.prepare("UPDATE refund SET status = 'failed' WHERE id = ? AND status = 'pending' AND kind = 'staff'");
        update.setInt64(1, refund_id);
        if (update.executeUpdate() != 1) return;
        auto& query = conn.prepare("SELECT order_id, amount_cents, COALESCE(requested_by, 'system') FROM refund WHERE id = ?");
        query.setInt64(1, refund_id);
        std::unique_ptr<sql::ResultSet> row(query.executeQuery());
        if (row->next() && !row->isNull(1))
            record_order_event(conn, row->getInt64(1), row->getString(3), "refund",
                               "Mercado Pago refused the refund of " + format_brl(row->getInt64(2)) + ": " + why.substr(0, 300));
    });
}

refund_decided decide_staff_refund(db::pool& pool, const actor& by, const staff_refund_request& request) {
    try {
        return db::in_transaction(pool, [&](db::connection& conn) {
            refund_decided decided;
            // The form's key first: a second submit finds the first one's row and changes nothing.
            auto& known = conn.prepare("SELECT id FROM refund WHERE form_key = ?");
            known.setString(1, request.form_key);
            std::unique_ptr<sql::ResultSet> seen(known.executeQuery());
            if (seen->next()) {
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
            auto& insert = conn.prepare(
                "INSERT INTO refund (payment_id, gateway_payment_id, amount_cents, reason, kind, form_key, requested_by, order_id)"
                " VALUES (?, ?, ?, ?, 'staff', ?, ?, ?)");
            insert.setInt64(1, order->payment_id);
            insert.setString(2, order->gateway_payment_id);
            insert.setInt64(3, amount);
            insert.setString(4, request.reason);
            insert.setString(5, request.form_key);
            insert.setString(6, by.who);
            insert.setInt64(7, request.order_id);
            insert.executeUpdate();
            auto refund_id = db::last_insert_id(conn);
            std::string restocked;
            for (auto& [line_id, units] : request.restock) {
                if (units == 0) continue;
                auto& line = conn.prepare("INSERT INTO refund_line (refund_id, ordered_item_id, quantity) VALUES (?, ?, ?)");
                line.setInt64(1, refund_id);
                line.setInt64(2, line_id);
                line.setInt(3, units);
                line.executeUpdate();
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
        auto& payment = conn.prepare(
            "SELECT order_id FROM payment WHERE gateway_payment_id = ? AND status = 'approved' FOR UPDATE");
        payment.setString(1, gateway_payment_id);
        std::unique_ptr<sql::ResultSet> found(payment.executeQuery());
        if (!found->next()) return false;  // not a sale of this store (an automatic refund's payment, say)
        std::int64_t order_id = found->getInt64(1);
        auto order = lock_settled_order(conn, order_id);
        if (!order) return false;
        bool changed = false;
        // A pending refund of ours may be what the gateway reports: only money beyond every
        // refund this store asked for is the dashboard's.
        cents unknown = std::min(refunded_at_gateway, order->total) - order->refunded_or_pending;
        if (unknown > 0) {
            auto& insert = conn.prepare(
                "INSERT INTO refund (payment_id, gateway_payment_id, amount_cents, reason, kind, status, done_at, requested_by, order_id)"
                " VALUES (?, ?, ?, 'refunded at the Mercado Pago dashboard', 'gateway', 'done', NOW(3), 'gateway', ?)");
            insert.setInt64(1, order->payment_id);
            insert.setString(2, gateway_payment_id);
            insert.setInt64(3, unknown);
            insert.setInt64(4, order_id);
            insert.executeUpdate();
            auto& raise = conn.prepare("UPDATE shop_order SET refunded_cents = refunded_cents + ? WHERE id = ?");
            raise.setInt64(1, unknown);
            raise.setInt64(2, order_id);
            raise.executeUpdate();
            record_order_event(conn, order_id, "gateway", "gateway",
                               format_brl(unknown) + " refunded at the Mercado Pago dashboard, not from this back office");
            changed = true;
        }
        std::string alert = status == "charged_back" || status == "cancelled" ? status : (changed ? "refunded" : "");
        if (!alert.empty()) {
            auto& flag = conn.prepare(
                "UPDATE shop_order SET gateway_alert = ?, updated_at = NOW(3) WHERE id = ? AND (gateway_alert IS NULL OR gateway_alert <> ?)");
            flag.setString(1, alert);
            flag.setInt64(2, order_id);
            flag.setString(3, alert);
            if (flag.executeUpdate() == 1) {
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
