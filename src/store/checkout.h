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

// What one order and one client address may hold: without bounds a script with a few hundred
// cookies holds a whole drop for expiry_minutes, again and again (OAT-021, denial of inventory).
struct hold_limits {
    int units_per_item = 10;          // units of one variant in one order
    int orders_per_address = 20;      // other orders of this address with a live link; 0: no bound
    int address_window_minutes = 60;  // ...counting those confirmed within this many minutes
};

struct confirm_request {
    std::int64_t client_id = 0;
    address ship_to;
    std::string email;
    int expiry_minutes = 60;
    std::string client_address;  // as the web server saw it; "" is not bounded by address
    hold_limits limits;
};

enum class confirm_refusal { none, cart_short, too_many_units, address_busy };
struct confirm_outcome {
    std::optional<pending_payment> payment;  // set exactly when refused is none
    confirm_refusal refused = confirm_refusal::none;
};

// In one transaction with the stock rows locked in ascending id order: checks the hold limits
// (an order confirmed again, its own retry, never counts against its address), re-checks every
// line against what is available, replaces the order's hold with the cart's units until now +
// expiry_minutes, stores the address and e-mail on the order, records the payment ('creating')
// with the client address, and its lines. Refused when the cart is empty or a line is short,
// above units_per_item, or the address holds orders_per_address others (nothing is written
// then but the address's guard row, whose lock makes one address's confirms run in turn).
confirm_outcome confirm_order(db::pool& pool, const confirm_request& request);
// Deletes the guard rows of addresses that have not confirmed for a day (a guard row only
// serializes one address's confirms; the next confirm makes it again). For the timer.
int purge_quiet_address_guards(db::pool& pool);

// The gateway's return URL names a payment link this store made (reference and preference id of
// one payment row, whatever its status since): only then may the return make the store ask the
// gateway about a payment. References are 128-bit random, so nobody names another's.
bool names_a_link_of_this_store(db::pool& pool, const std::string& reference, const std::string& preference_id);
// The gateway made the link: the payment is open and payable.
void attach_link(db::pool& pool, std::int64_t payment_id, const std::string& preference_id, const std::string& init_point);
// The gateway could not make the link: the payment failed and the order's hold is released,
// unless a later confirm of the order has replaced it. made_preference: a link the gateway did
// make but the store refused; kept on the row, which reserva-expire expires at the gateway.
void abandon_payment(db::pool& pool, std::int64_t payment_id, const std::string& made_preference = "");

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
