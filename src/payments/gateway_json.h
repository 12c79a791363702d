// JSON to and from the gateway, kept apart from the network so it can be unit-tested and fuzzed.
// Parsers throw gateway_error for anything that is not the promised shape.
#pragma once
#include <string>
#include <vector>

#include "payments/gateway_types.h"

namespace reserva::payments {

std::string preference_json(const preference_request& request);
std::string expire_preference_json(wall_clock::time_point now);
// The body of POST /v1/payments/{id}/refunds: {} for all that is left, {"amount": 12.34} for part.
std::string refund_json(cents amount);
preference parse_preference(const std::string& body);
gateway_payment parse_payment(const std::string& body);
std::vector<gateway_payment> parse_payment_search(const std::string& body);
// An amount the gateway sends as a JSON number (129.9) into cents, rounded to the nearest cent.
cents amount_to_cents(double amount);

}  // namespace reserva::payments
