// "Confirm order", on the database side: hold the cart's units for this order and record the
// payment it is about to create, with a snapshot of what that payment buys. The gateway is
// called by the caller between these steps, never inside a transaction.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/pool.h"
#include "store/address.h"
#include "util/money.h"

namespace reserva::store {

struct payment_line {
    std::int64_t stock_id = 0;
    std::string title;  // "Piquet Polo — Green, size M"
    int quantity = 0;
    cents unit_price = 0;
};

struct pending_payment {
    std::int64_t payment_id = 0;
    std::int64_t order_id = 0;
    std::string reference;  // external_reference at the gateway
    std::vector<payment_line> lines;
    cents total = 0;
};

struct confirm_request {
    std::int64_t client_id = 0;
    address ship_to;
    std::string email;
    int expiry_minutes = 60;
};

// In one transaction with the stock rows locked in ascending id order: re-checks every line
// against what is available, replaces the order's hold with the cart's units until now +
// expiry_minutes, stores the address and e-mail on the order, records the payment ('creating')
// and its lines. nullopt when the cart is empty or any line is short (nothing is written).
std::optional<pending_payment> confirm_order(db::pool& pool, const confirm_request& request);
// The gateway made the link: the payment is open and payable.
void attach_link(db::pool& pool, std::int64_t payment_id, const std::string& preference_id, const std::string& init_point);
// The gateway could not make the link: the payment failed and the order's hold is released,
// unless a later confirm of the order has replaced it.
void abandon_payment(db::pool& pool, std::int64_t payment_id);

struct link_to_expire {
    std::int64_t payment_id = 0;
    std::string preference_id;
};

// Keeps the client's newest `keep` unfinished payments; older ones become 'deleted'. Returns
// their links, which the caller expires at the gateway.
std::vector<link_to_expire> trim_unfinished_payments(db::pool& pool, std::int64_t client_id, int keep);
// The gateway has expired this link (no need to try again).
void mark_link_expired_at_gateway(db::pool& pool, std::int64_t payment_id);
// The gateway could not be told: the next pass may try again at once.
void release_gateway_claim(db::pool& pool, std::int64_t payment_id);
// Links of deleted or expired payments the gateway has not yet been told about, claimed for
// five minutes so that passes on other hosts leave them alone (for the timer).
std::vector<link_to_expire> claim_links_awaiting_gateway_expiry(db::pool& pool, int limit);

}  // namespace reserva::store
