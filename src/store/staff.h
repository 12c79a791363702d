// Staff accounts: the people who run the store from /admin/ (SPEC section 8), apart from
// shoppers. Roles, passwords, the second factor (TOTP secret, each code accepted once, recovery
// codes); their sign-in is throttled by store/throttle.h. Every change writes its audit row in the same transaction.
#pragma once
#include <cstdint>
#include <ctime>
#include <optional>
#include <string>
#include <vector>

#include "db/pool.h"
#include "store/audit.h"

namespace reserva::store {

enum class staff_role { owner, staff };
const char* role_name(staff_role role);
std::optional<staff_role> parse_role(const std::string& name);

struct staff_member {
    std::int64_t id = 0;
    std::string email, name;
    staff_role role = staff_role::staff;
    bool totp_enabled = false;
    bool totp_required = false;  // an owner asked for it (besides [admin] require_totp)
    bool disabled = false;
    std::int64_t created_at = 0;
};

// Throws invalid_request (catalog_admin.h) for a taken e-mail.
std::int64_t add_staff(db::pool& pool, const actor& by, const std::string& email, const std::string& name,
                       staff_role role, const std::string& password);
std::vector<staff_member> list_staff(db::pool& pool);
std::optional<staff_member> find_staff(db::pool& pool, const std::string& email);
// Each returns false when no account has that e-mail. Disabling ends its sessions; so does a
// new password (every session of the account: whoever knew the old one is signed out).
bool disable_staff(db::pool& pool, const actor& by, const std::string& email);
bool set_staff_password(db::pool& pool, const actor& by, const std::string& email, const std::string& password);
// A new secret, on at once (reservactl staff totp): returns the secret, nullopt when unknown.
std::optional<std::string> reset_totp(db::pool& pool, const actor& by, const std::string& email);
bool require_totp_for(db::pool& pool, const actor& by, const std::string& email);

// What sign-in needs; nullopt when no enabled account has the e-mail.
struct staff_credentials {
    staff_member member;
    std::string password_hash;
    std::string totp_secret;  // "" when none
};
std::optional<staff_credentials> credentials_for(db::pool& pool, const std::string& email);

// Accepts a code whose 30 s step is newer than the last accepted one, and remembers that step:
// a code seen once (or an older one) never signs in again.
bool accept_totp_code(db::pool& pool, std::int64_t staff_id, const std::string& code, std::time_t now);
// A recovery code, used once.
bool accept_recovery_code(db::pool& pool, std::int64_t staff_id, const std::string& code);

// Enrolment from the sign-in page: a pending secret (not yet on), then confirmed by a first code,
// which turns the factor on and returns ten new recovery codes (shown once).
std::string begin_totp_enrolment(db::pool& pool, std::int64_t staff_id);
std::optional<std::vector<std::string>> confirm_totp_enrolment(db::pool& pool, const actor& by, const std::string& code,
                                                              std::time_t now);

}  // namespace reserva::store
