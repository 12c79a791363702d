// The payment rules of SPEC section 5, end to end: the database steps (store/) around the
// gateway calls (mercadopago_client), never holding a transaction across a network call.
#pragma once
#include <cstdint>
#include <string>

#include "db/pool.h"
#include "payments/mercadopago_client.h"
#include "store/checkout.h"
#include "store/refunds.h"
#include "util/config.h"

namespace reserva::payments {

struct checkout_result {
    // too_many_units, address_busy: the hold limits of store::confirm_order refused it.
    enum class kind { pay_at_gateway, cart_short, too_many_units, address_busy, gateway_down } result = kind::cart_short;
    std::string init_point;
};

// What became of a refund at the gateway.
enum class refund_outcome {
    done,     // the gateway made it
    pending,  // the gateway could not be reached: reserva-expire retries with the same key
    refused,  // the gateway said no: marked failed, nothing restocked
};

struct staff_refund_result {
    store::refund_decided decided;
    refund_outcome outcome = refund_outcome::pending;  // when decided.result is created
};

struct settle_result {
    enum class kind { approved, pending, refunded, failed, unavailable } result = kind::failed;
    std::int64_t order_id = 0;
};

class payment_flow {
public:
    payment_flow(const config& settings, db::pool& database);

    // "Confirm order": hold, record, create the link (1-hour expiry), keep at most
    // max_unfinished unfinished payments per client.
    checkout_result confirm(store::confirm_request request);
    // A gateway payment id from the return URL or a webhook: fetched from the gateway (nothing
    // from the browser is trusted), then finalized, refunded or reported.
    settle_result settle(const std::string& gateway_payment_id);
    // The timer's share: tell the gateway about links deleted or expired here, retry refunds.
    // Failures are logged and retried on the next pass.
    void catch_up_with_gateway();

    // An owner's refund from the back office: decided under the order's locks, then made at the
    // gateway with its amount (the form's key as idempotency key: a double submit refunds once).
    staff_refund_result refund_after_sale(const store::actor& by, const store::staff_refund_request& request);

    // Tells the gateway these links can no longer be paid (best effort: the timer retries).
    void expire_links(const std::vector<store::link_to_expire>& links);

private:
    void carry_out_refunds(const std::string& gateway_payment_id);
    refund_outcome carry_out(const store::refund_to_make& refund);
    const config& settings_;
    db::pool& database_;
    mercadopago_client gateway_;
};

}  // namespace reserva::payments
