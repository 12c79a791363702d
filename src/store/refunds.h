// The one home of refund rows. Three kinds:
//   automatic  finalize could not honour an approved payment (stock gone, paid twice ...): the
//              whole payment goes back, one row per gateway payment;
//   staff      an owner gives back all or part of a finished order from the back office, with
//              units back to stock as they choose; one row per form key, so a double submit
//              refunds once, and never more than what is left;
//   gateway    the gateway reported money given back that the store did not ask for (the seller's
//              dashboard), recorded with the chargebacks so nobody ships such an order.
// A row is decided (pending) in one transaction, carried out at the gateway outside any
// transaction (payments/payment_flow), then marked done: only then are units restocked (through
// the stock ledger), the order's refunded amount raised and the shopper's e-mail queued.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "db/pool.h"
#include "store/audit.h"
#include "util/money.h"

namespace reserva::store {

// Within finalize's transaction.
void record_automatic_refund(db::connection& conn, std::int64_t payment_id, const std::string& gateway_payment_id,
                             cents amount, const std::string& reason);

struct refund_to_make {
    std::int64_t refund_id = 0;
    std::string gateway_payment_id;
    cents amount = 0;             // 0: the whole payment (automatic refunds)
    std::string idempotency_key;  // the same for every attempt at this refund
};

// Refunds decided but not yet confirmed by the gateway (for the request, or the timer's retry).
std::vector<refund_to_make> pending_refunds(db::pool& pool, const std::string& gateway_payment_id = "");
// The gateway made it: done, and for a staff refund the restock, the order's refunded amount,
// the timeline and the shopper's e-mail, in one transaction. A second call changes nothing.
void mark_refund_done(db::pool& pool, std::int64_t refund_id, const std::string& gateway_refund_id);
// The gateway refused it (4xx): failed, nothing restocked; shown on the order.
void mark_refund_failed(db::pool& pool, std::int64_t refund_id, const std::string& why);

struct staff_refund_request {
    std::int64_t order_id = 0;
    cents amount = 0;  // 0: all that is left
    std::string reason;
    std::string form_key;                  // the one-time key of the form that asked
    std::map<std::int64_t, int> restock;   // ordered_item id -> units back to stock
};

enum class refund_decision {
    created,       // a pending row: carry it out
    duplicate,     // this form key was used already: nothing new
    unknown_order,
    not_refundable,  // not finished, or no approved payment to refund
    too_much,      // more than paid minus refunded
    bad_restock,   // more units than the line has left to restock, or a line of another order
};

struct refund_decided {
    refund_decision result = refund_decision::unknown_order;
    refund_to_make refund;  // when created
    cents left = 0;         // what could still be refunded, for the message
};

refund_decided decide_staff_refund(db::pool& pool, const actor& by, const staff_refund_request& request);

// A webhook or return for a payment this store had settled, whose gateway state now says money
// went back (status refunded or a refunded amount) or a chargeback/cancellation: the difference
// is recorded as a gateway refund and the order flagged. Returns true when something was new.
bool record_gateway_reversal(db::pool& pool, const std::string& gateway_payment_id, const std::string& status,
                             cents refunded_at_gateway);

}  // namespace reserva::store
