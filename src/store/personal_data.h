// What the store keeps about a person, and erasing it (Brazil's LGPD, art. 18: access and
// deletion). Finished orders stay for the store's fiscal records, without name, e-mail or address.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "db/pool.h"
#include "store/checkout.h"

namespace reserva::store {

// The account's data as one JSON object: account, addresses, orders (lines, total, payments'
// status, refunds), sign-in sessions' dates. `current_token` marks this browser's session.
std::string personal_data_json(db::pool& pool, std::int64_t client_id, const std::string& current_token);

// The stored password hash of a signed-in account ("" when it has none).
std::string password_hash_of(db::pool& pool, std::int64_t client_id);
// A new password for a signed-in shopper: every other session ends, `keep_token`'s stays.
void change_password(db::pool& pool, std::int64_t client_id, const std::string& password_hash, const std::string& keep_token);

struct erasure {
    int orders_stripped = 0;
    int addresses_removed = 0;
    std::vector<link_to_expire> links;  // payment links to expire at the gateway after COMMIT
};
// Deletes the account: sessions, links, addresses and cart go; the client row keeps only its
// id (so the orders keep their owner for the records); orders lose e-mail and address; unpaid
// links are expired.
erasure delete_account(db::pool& pool, std::int64_t client_id);
// A guest's personal data by e-mail (the owner's reservactl, later the back office): the e-mail
// and address of orders placed without an account, and the addresses of those anonymous
// clients. Orders of accounts are left alone (their owner deletes the account).
erasure erase_guest_data(db::pool& pool, const std::string& email);
// Whether an account has this e-mail.
bool account_exists(db::pool& pool, const std::string& email);

}  // namespace reserva::store
