// The payment rules of SPEC section 5, end to end: the database steps (store/) around the
// gateway calls (mercadopago_client), never holding a transaction across a network call.
#pragma once
#include <cstdint>
#include <string>

#include "db/pool.h"
#include "payments/mercadopago_client.h"
#include "store/checkout.h"
#include "util/config.h"

namespace reserva::payments {

struct checkout_result {
    // too_many_units, address_busy: the hold limits of store::confirm_order refused it.
    enum class kind { pay_at_gateway, cart_short, too_many_units, address_busy, gateway_down } result = kind::cart_short;
    std::string init_point;
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

    // Tells the gateway these links can no longer be paid (best effort: the timer retries).
    void expire_links(const std::vector<store::link_to_expire>& links);

private:
    void carry_out_refunds(const std::string& gateway_payment_id);
    const config& settings_;
    db::pool& database_;
    mercadopago_client gateway_;
};

}  // namespace reserva::payments
