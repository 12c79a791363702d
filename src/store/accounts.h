// Accounts (e-mail + password), their server-side sessions, and what signing in does to the
// anonymous shopper's cart.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/pool.h"
#include "store/checkout.h"
#include "store/clients.h"

namespace reserva::store {

struct account_shopper {
    shopper_state state;
    std::string email;
    std::string name;
};

enum class register_result { created, email_taken };
// The new client id through `client_id` when created.
register_result register_account(db::pool& pool, const std::string& email, const std::string& name,
                                 const std::string& password_hash, std::int64_t& client_id);

struct login_attempt {
    enum class kind { ok, wrong, locked } result = kind::wrong;
    std::int64_t client_id = 0;
};
// Five failures for one e-mail within 15 minutes lock it for 15 minutes; a success clears them.
login_attempt check_login(db::pool& pool, const std::string& email, const std::string& password);

// A new session for the client; returns the cookie's token (only its hash is stored).
std::string create_session(db::pool& pool, std::int64_t client_id, int days);
// The signed-in shopper of a session token, its cart and cart size; nullopt when unknown or expired.
// With `lines`, the same query also reads the cart's lines into it.
std::optional<account_shopper> find_signed_in_shopper(db::pool& pool, const std::string& token, cart* lines = nullptr);
void delete_session(db::pool& pool, const std::string& token);

// Signing in: the anonymous cart's lines are added to the account's cart (then clamped to what
// is available), and the anonymous client's unfinished payments are expired. Returns their
// links, for the caller to expire at the gateway.
std::vector<link_to_expire> merge_anonymous_cart(db::pool& pool, std::int64_t anonymous_client, std::int64_t account_client);

}  // namespace reserva::store
