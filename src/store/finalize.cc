#include "store/finalize.h"

#include <memory>

#include "db/statements.h"
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
    auto found = db::query(conn,
        "SELECT id, order_id, client_id, status, currency, COALESCE(gateway_payment_id, ''), total_cents"
        "  FROM payment WHERE reference = ? FOR UPDATE", reference);
    if (!found.next()) return false;
    row = {found.int64(1), found.int64(2), found.int64(3), found.text(4), found.text(5),
           found.text(6), found.int64(7)};
    return true;
}

bool refund_exists(db::connection& conn, const std::string& gateway_payment_id) {
    auto found = db::query(conn, "SELECT id FROM refund WHERE gateway_payment_id = ?", gateway_payment_id);
    return found.next();
}

// A gateway payment id is recorded once; another payment row holding it means the gateway's
// answer is not about this payment.
bool recorded_elsewhere(db::connection& conn, const std::string& gateway_payment_id, std::int64_t payment_id) {
    auto found = db::query(conn,
        "SELECT id FROM payment WHERE gateway_payment_id = ? AND id <> ?", gateway_payment_id, payment_id);
    return found.next();
}

bool order_finished(db::connection& conn, std::int64_t order_id) {
    auto found = db::query(conn, "SELECT end_date IS NOT NULL FROM shop_order WHERE id = ? FOR UPDATE", order_id);
    return !found.next() || found.boolean(1);
}

struct snapshot_line {
    std::int64_t stock_id;
    int quantity;
    cents unit_price;
};

std::vector<snapshot_line> snapshot(db::connection& conn, std::int64_t payment_id) {
    auto found = db::query(conn,
        "SELECT item_stock_id, quantity, unit_price_cents FROM payment_item WHERE payment_id = ? ORDER BY item_stock_id",
        payment_id);
    std::vector<snapshot_line> lines;
    while (found.next()) lines.push_back({found.int64(1), found.int32(2), found.int64(3)});
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
    db::expect_rows(db::execute(conn,
        "UPDATE shop_order SET end_date = NOW(3), total_cents = ?, updated_at = NOW(3) WHERE id = ? AND end_date IS NULL",
        payment.total, payment.order_id), 1, "finalize: the order was finished since it was read");
    // What ships is what was paid: the order's lines become the payment's snapshot.
    db::execute(conn, "DELETE FROM ordered_item WHERE order_id = ?", payment.order_id);
    // Row by row with VALUES: an INSERT ... SELECT would take InnoDB's table-wide AUTO-INC lock,
    // which concurrent finalizes then fight over (error 1467 under load).
    for (auto& line : lines) {
        db::execute(conn,
            "INSERT INTO ordered_item (order_id, item_stock_id, quantity, unit_price_cents) VALUES (?, ?, ?, ?)",
            payment.order_id, line.stock_id, line.quantity, line.unit_price);
    }
    holds::release_order(conn, payment.order_id);
    auto to = db::query(conn,
        "SELECT COALESCE(o.email, c.email) FROM shop_order o JOIN client c ON c.id = o.client_id WHERE o.id = ?",
        payment.order_id);
    if (to.next() && !to.is_null(1))
        db::execute(conn, "INSERT IGNORE INTO mail_outbox (order_id, recipient) VALUES (?, ?)", payment.order_id, to.text(1));
}

std::vector<link_to_expire> expire_other_links(db::connection& conn, const payment_row& payment) {
    auto found = db::query(conn,
        "SELECT id, COALESCE(preference_id, '') FROM payment WHERE order_id = ? AND id <> ? AND status IN ('creating', 'open')"
        " ORDER BY id FOR UPDATE", payment.order_id, payment.id);
    std::vector<link_to_expire> links;
    while (found.next()) links.push_back({found.int64(1), found.text(2)});
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
