#include "store/finalize.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>

#include "db/transaction.h"
#include "store/holds.h"
#include "store/payment_links.h"
#include "store/refunds.h"
#include "store/stock_ledger.h"

namespace reserva::store {
namespace {

struct payment_row {
    std::int64_t id = 0, order_id = 0, client_id = 0;
    std::string status, currency, gateway_payment_id;
    cents total = 0;
};

bool lock_payment(db::connection& conn, const std::string& reference, payment_row& row) {
    auto& query = conn.prepare(
        "SELECT id, order_id, client_id, status, currency, COALESCE(gateway_payment_id, ''), total_cents"
        "  FROM payment WHERE reference = ? FOR UPDATE");
    query.setString(1, reference);
    std::unique_ptr<sql::ResultSet> found(query.executeQuery());
    if (!found->next()) return false;
    row = {found->getInt64(1), found->getInt64(2), found->getInt64(3), found->getString(4), found->getString(5),
           found->getString(6), found->getInt64(7)};
    return true;
}

bool refund_exists(db::connection& conn, const std::string& gateway_payment_id) {
    auto& query = conn.prepare("SELECT id FROM refund WHERE gateway_payment_id = ?");
    query.setString(1, gateway_payment_id);
    std::unique_ptr<sql::ResultSet> found(query.executeQuery());
    return found->next();
}

// A gateway payment id is recorded once; another payment row holding it means the gateway's
// answer is not about this payment.
bool recorded_elsewhere(db::connection& conn, const std::string& gateway_payment_id, std::int64_t payment_id) {
    auto& query = conn.prepare("SELECT id FROM payment WHERE gateway_payment_id = ? AND id <> ?");
    query.setString(1, gateway_payment_id);
    query.setInt64(2, payment_id);
    std::unique_ptr<sql::ResultSet> found(query.executeQuery());
    return found->next();
}

bool order_finished(db::connection& conn, std::int64_t order_id) {
    auto& lock = conn.prepare("SELECT end_date IS NOT NULL FROM shop_order WHERE id = ? FOR UPDATE");
    lock.setInt64(1, order_id);
    std::unique_ptr<sql::ResultSet> found(lock.executeQuery());
    return !found->next() || found->getBoolean(1);
}

struct snapshot_line {
    std::int64_t stock_id;
    int quantity;
    cents unit_price;
};

std::vector<snapshot_line> snapshot(db::connection& conn, std::int64_t payment_id) {
    auto& query = conn.prepare(
        "SELECT item_stock_id, quantity, unit_price_cents FROM payment_item WHERE payment_id = ? ORDER BY item_stock_id");
    query.setInt64(1, payment_id);
    std::unique_ptr<sql::ResultSet> found(query.executeQuery());
    std::vector<snapshot_line> lines;
    while (found->next()) lines.push_back({found->getInt64(1), found->getInt(2), found->getInt64(3)});
    return lines;
}

// Locks the stock rows in ascending id order (the snapshot's order) and says whether every line
// can ship: what a payment may take while its order's hold is live (store/holds.h).
bool stock_suffices(db::connection& conn, const std::vector<snapshot_line>& lines, std::int64_t order_id) {
    for (auto& line : lines)
        if (holds::payable_to(conn, line.stock_id, order_id) < line.quantity) return false;
    return true;
}

void record_refund(db::connection& conn, const payment_row& payment, const approved_payment& paid,
                   const std::string& reason) {
    record_automatic_refund(conn, payment.id, paid.gateway_payment_id, paid.amount, reason);
    // A payment row already honoured by another gateway payment keeps its approval.
    if (payment.status != "approved") {
        db::expect_rows(payment_links::mark_refunded(conn, payment.id, paid.gateway_payment_id, payment.status), 1,
                        "refund: the payment changed since it was read");
    }
}

void finish_order(db::connection& conn, const payment_row& payment, const approved_payment& paid,
                  const std::vector<snapshot_line>& lines) {
    // Each write re-checks what the decision was based on (stock on hand, the payment's and the
    // order's state): a write that finds the row changed rolls everything back (db::write_conflict).
    for (auto& line : lines)
        ledger::apply(conn, {line.stock_id, -line.quantity, ledger::reason::sale, "system", payment.order_id, ""});
    db::expect_rows(payment_links::mark_approved(conn, payment.id, paid.gateway_payment_id, payment.status), 1,
                    "finalize: the payment changed since it was read");
    auto& finish = conn.prepare(
        "UPDATE shop_order SET end_date = NOW(3), total_cents = ?, updated_at = NOW(3) WHERE id = ? AND end_date IS NULL");
    finish.setInt64(1, payment.total);
    finish.setInt64(2, payment.order_id);
    db::expect_rows(finish.executeUpdate(), 1, "finalize: the order was finished since it was read");
    // What ships is what was paid: the order's lines become the payment's snapshot.
    auto& clear = conn.prepare("DELETE FROM ordered_item WHERE order_id = ?");
    clear.setInt64(1, payment.order_id);
    clear.executeUpdate();
    // Row by row with VALUES: an INSERT ... SELECT would take InnoDB's table-wide AUTO-INC lock,
    // which concurrent finalizes then fight over (error 1467 under load).
    for (auto& line : lines) {
        auto& copy = conn.prepare(
            "INSERT INTO ordered_item (order_id, item_stock_id, quantity, unit_price_cents) VALUES (?, ?, ?, ?)");
        copy.setInt64(1, payment.order_id);
        copy.setInt64(2, line.stock_id);
        copy.setInt(3, line.quantity);
        copy.setInt64(4, line.unit_price);
        copy.executeUpdate();
    }
    holds::release_order(conn, payment.order_id);
    auto& recipient = conn.prepare(
        "SELECT COALESCE(o.email, c.email) FROM shop_order o JOIN client c ON c.id = o.client_id WHERE o.id = ?");
    recipient.setInt64(1, payment.order_id);
    std::unique_ptr<sql::ResultSet> to(recipient.executeQuery());
    if (to->next() && !to->isNull(1)) {
        auto& mail = conn.prepare("INSERT IGNORE INTO mail_outbox (order_id, recipient) VALUES (?, ?)");
        mail.setInt64(1, payment.order_id);
        mail.setString(2, to->getString(1));
        mail.executeUpdate();
    }
}

std::vector<link_to_expire> expire_other_links(db::connection& conn, const payment_row& payment) {
    auto& query = conn.prepare(
        "SELECT id, COALESCE(preference_id, '') FROM payment WHERE order_id = ? AND id <> ? AND status IN ('creating', 'open')"
        " ORDER BY id FOR UPDATE");
    query.setInt64(1, payment.order_id);
    query.setInt64(2, payment.id);
    std::unique_ptr<sql::ResultSet> found(query.executeQuery());
    std::vector<link_to_expire> links;
    while (found->next()) links.push_back({found->getInt64(1), found->getString(2)});
    for (auto& link : links) payment_links::mark_expired(conn, link.payment_id);
    return links;
}

}  // namespace

finalize_outcome finalize_payment(db::pool& pool, const approved_payment& paid) {
    // It starts by locking the payment row and reading what an earlier run recorded there
    // (approved with this gateway id, or a refund for it): a rerun after a lost COMMIT finds it.
    return db::in_transaction(pool, [&](db::connection& conn) {
        finalize_outcome outcome;
        payment_row payment;
        if (!lock_payment(conn, paid.reference, payment)) return outcome;
        outcome.order_id = payment.order_id;
        outcome.client_id = payment.client_id;
        if (paid.amount != payment.total || paid.currency != payment.currency ||
            recorded_elsewhere(conn, paid.gateway_payment_id, payment.id)) {
            outcome.status = finalize_status::mismatch;
            return outcome;
        }
        if (payment.status == "approved" && payment.gateway_payment_id == paid.gateway_payment_id) {
            outcome.status = finalize_status::already_finished;
            return outcome;
        }
        if (refund_exists(conn, paid.gateway_payment_id)) {
            outcome.status = finalize_status::already_refunded;
            return outcome;
        }
        std::string refuse;
        auto lines = snapshot(conn, payment.id);
        if (payment.status == "approved") refuse = "this payment link was already paid once";
        else if (payment.status == "deleted" || payment.status == "failed") refuse = "this payment link had been replaced by a newer one";
        else if (order_finished(conn, payment.order_id)) refuse = "the order had already been paid";
        else if (!stock_suffices(conn, lines, payment.order_id)) refuse = "part of the order sold out before the payment arrived";
        if (!refuse.empty()) {
            record_refund(conn, payment, paid, refuse);
            outcome.status = finalize_status::refund_needed;
            outcome.refund_reason = refuse;
            return outcome;
        }
        finish_order(conn, payment, paid, lines);
        outcome.other_links = expire_other_links(conn, payment);
        outcome.status = finalize_status::finished;
        return outcome;
    }, db::lost_commit::look_up_and_rerun);
}

}  // namespace reserva::store
