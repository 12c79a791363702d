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
    enum class kind { ok, wrong, throttled } result = kind::wrong;
    std::int64_t client_id = 0;
    int wait_seconds = 0;  // throttled: when to try again
};
// Counted before the password is checked, per (e-mail, client address) and per client address
// (store/throttle.h): past the free attempts each one waits longer, but nobody is locked out -
// the owner signing in from another address is not slowed by someone guessing elsewhere.
login_attempt check_login(db::pool& pool, const std::string& email, const std::string& password,
                          const std::string& client_address);

// A session ends after session_idle_days without a request, and at most `days` after sign-in.
inline constexpr int session_idle_days = 14;
// A new session for the client; returns the cookie's token (only its hash is stored).
std::string create_session(db::pool& pool, std::int64_t client_id, int days);
// The signed-in shopper of a session token, its cart and cart size; nullopt when unknown or expired.
// With `lines`, the same query also reads the cart's lines into it. Marks the session used.
std::optional<account_shopper> find_signed_in_shopper(db::pool& pool, const std::string& token, shopper_lines* lines = nullptr);
void delete_session(db::pool& pool, const std::string& token);
// Every session of the client but `keep_token`'s ("" ends them all): after a new password.
void end_other_sessions(db::connection& conn, std::int64_t client_id, const std::string& keep_token);
// The timer pass: sessions past their end or idle too long. Returns rows deleted.
int purge_ended_sessions(db::pool& pool);

// The client's payment links still payable, marked expired (the caller, after COMMIT, expires
// them at the gateway). The caller holds the client's row lock.
std::vector<link_to_expire> expire_unfinished_payments(db::connection& conn, std::int64_t client_id);

// Signing in: the anonymous cart's lines are added to the account's cart (then clamped to what
// is available), and the anonymous client's unfinished payments are expired. Returns their
// links, for the caller to expire at the gateway.
std::vector<link_to_expire> merge_anonymous_cart(db::pool& pool, std::int64_t anonymous_client, std::int64_t account_client);

}  // namespace reserva::store
