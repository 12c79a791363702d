// Links sent by e-mail to act on an account: a password reset (to the account's address) and a
// change of e-mail (to the new address). Each carries 128 random bits, is stored only as a
// SHA-256, works once and only until it expires.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "db/pool.h"

namespace reserva::store {

inline constexpr int link_valid_minutes = 60;

struct link_account {
    std::int64_t client_id = 0;
    std::string email;      // the account's address now
    std::string new_email;  // an e-mail change: the address it goes to
};

// A reset link for the account with this e-mail: nullopt (and nothing written) when there is
// none. The token goes into the e-mail, never into the database.
std::optional<std::string> create_reset_link(db::pool& pool, const std::string& email, link_account& account);
// A link to confirm `new_email` for the account.
std::string create_email_change_link(db::pool& pool, std::int64_t client_id, const std::string& new_email);

// The account of a live (unused, unexpired) link of that purpose; nullopt otherwise.
std::optional<link_account> find_reset_link(db::pool& pool, const std::string& token);
std::optional<link_account> find_email_change_link(db::pool& pool, const std::string& token);

// Uses a reset link: the new password is set, every session of the account ends, and every
// other reset link of it dies. nullopt when the link is not live (nothing changes).
std::optional<link_account> use_reset_link(db::pool& pool, const std::string& token, const std::string& password_hash);

enum class email_change_result { changed, not_live, taken };
// Uses an e-mail change link; `account` says whose and which addresses when changed.
email_change_result use_email_change_link(db::pool& pool, const std::string& token, link_account& account);

// The timer pass: links expired for a day. Returns rows deleted.
int purge_dead_links(db::pool& pool);

}  // namespace reserva::store
