// Finalize: an approved payment, verified with the gateway by the caller, becomes a finished
// order, exactly once, in one transaction with row locks: the payment row first, then the
// order, then the stock rows in ascending id order. Running it again changes nothing.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "db/pool.h"
#include "store/checkout.h"
#include "util/money.h"

namespace reserva::store {

struct approved_payment {
    std::string reference;           // external_reference
    std::string gateway_payment_id;
    cents amount = 0;
    std::string currency;
};

enum class finalize_status {
    finished,          // this call finished the order
    already_finished,  // an earlier call did (refresh, webhook + redirect)
    refund_needed,     // approved but cannot be honoured: a refund row was written; refund it
    already_refunded,  // an earlier call decided the refund
    unknown_payment,   // no payment of this store has that reference
    mismatch,          // amount or currency differ from what this store asked: nothing changes
};

struct finalize_outcome {
    finalize_status status = finalize_status::unknown_payment;
    std::int64_t order_id = 0;
    std::int64_t client_id = 0;
    std::string refund_reason;
    std::vector<link_to_expire> other_links;  // the order's other live links, to expire at the gateway
};

finalize_outcome finalize_payment(db::pool& pool, const approved_payment& paid);

}  // namespace reserva::store
