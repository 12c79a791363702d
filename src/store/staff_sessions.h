// Server-side staff sessions (cookie "staff"): any process on any host can serve the next
// request, and signing out or disabling an account ends them at once. Each session carries the
// synchronizer CSRF token its forms must send back.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "db/pool.h"
#include "store/staff.h"

namespace reserva::store {

struct staff_session {
    staff_member member;
    std::string csrf_token;
    bool enrolling = false;  // signed in with the password only, to set up a second factor first
};

// A new random token (returned, for the cookie); the table keeps its SHA-256.
std::string create_staff_session(db::pool& pool, std::int64_t staff_id, bool enrolling);
// The session of a token, if it is live: not idle for more than idle_minutes (an idle one is
// deleted), of an enabled account. Marks it used now.
std::optional<staff_session> find_staff_session(db::pool& pool, const std::string& token, int idle_minutes);
void end_staff_session(db::pool& pool, const std::string& token);
// Enrolment finished: the session becomes a full one, with a new token (and cookie).
std::string replace_staff_session(db::pool& pool, const std::string& old_token, bool enrolling);
// The timer's share: sessions idle past idle_minutes (they would be refused anyway; the sign-in
// counters go with the shoppers', store::throttle::purge_quiet). Returns how many went.
int forget_idle_staff_sessions(db::pool& pool, int idle_minutes);
// Within a transaction that changes the account (disable, new password).
void end_sessions_of(db::connection& conn, std::int64_t staff_id);

}  // namespace reserva::store
