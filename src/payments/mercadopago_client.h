// The store's only door to Mercado Pago (or the sandbox: [payments] api_base decides).
// Bearer token on every call, an X-Idempotency-Key on every POST and PUT, bounded time, and
// bounded retries when the gateway is unreachable or answers 5xx. Throws gateway_error.
#pragma once
#include <string>
#include <vector>

#include "payments/gateway_types.h"

namespace reserva::payments {

class mercadopago_client {
public:
    mercadopago_client(std::string api_base, std::string access_token);

    // idempotency_key: the same key returns the same preference, so a retry never makes two links.
    preference create_preference(const preference_request& request, const std::string& idempotency_key);
    // Moves the link's expiration_date_to to now: it can no longer be paid.
    void expire_preference(const std::string& preference_id, const std::string& idempotency_key);
    gateway_payment get_payment(const std::string& payment_id);
    std::vector<gateway_payment> search_payments(const std::string& external_reference);
    // Returns the gateway's refund id. amount 0: all that is left; else that much (in cents).
    std::string refund_payment(const std::string& payment_id, const std::string& idempotency_key, cents amount = 0);

private:
    std::string call(const std::string& method, const std::string& path, const std::string& body,
                     const std::string& idempotency_key, int expected_status);
    std::string api_base_;
    std::string access_token_;
};

}  // namespace reserva::payments
