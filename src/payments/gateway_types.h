// The parts of Mercado Pago's objects the store uses (SPEC section 6), money in cents.
#pragma once
#include <stdexcept>
#include <string>
#include <vector>

#include "util/clock.h"
#include "util/money.h"

namespace reserva::payments {

// The gateway could not be used: unreachable, timed out, 5xx, or an answer that is not what
// the API promises. Callers keep nothing half-written and tell the shopper to try later.
class gateway_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The gateway answered, and said no (4xx): an unknown payment id, a refused request.
class gateway_refusal : public gateway_error {
public:
    using gateway_error::gateway_error;
};

struct preference_item {
    std::string id;
    std::string title;
    int quantity = 0;
    cents unit_price = 0;
};

struct preference_request {
    std::string external_reference;
    std::vector<preference_item> items;
    std::string success_url, failure_url, pending_url, notification_url;
    wall_clock::time_point expires_from, expires_to;
};

struct preference {
    std::string id;
    std::string init_point;
};

struct gateway_payment {
    std::string id;
    std::string status;  // approved, pending, in_process, rejected, refunded, cancelled, ...
    std::string status_detail;
    std::string external_reference;
    std::string currency;
    cents amount = 0;
    cents amount_refunded = 0;  // transaction_amount_refunded: partial refunds leave status approved
};

}  // namespace reserva::payments
