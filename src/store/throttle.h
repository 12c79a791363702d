// Attempt counters that slow guessing with growing delays instead of locking anyone out. An
// attempt is counted before the work it guards (a password check, a reset e-mail), under the
// counter's row lock, so parallel requests cannot all slip in before the first one is counted.
#pragma once
#include <string>

#include "db/pool.h"

namespace reserva::store::throttle {

struct rule {
    const char* scope;     // e.g. "login_pair"
    int free_attempts;     // attempts without any delay
    int max_delay_seconds; // the delay doubles from 1 s after the free ones, up to this
    int quiet_minutes;     // no attempt for this long: the count starts again
};

// Sign-in: per (e-mail, client address), and per client address over every e-mail.
inline constexpr rule login_pair{"login_pair", 5, 900, 30};
inline constexpr rule login_address{"login_address", 30, 900, 30};
// Back-office sign-in: per (e-mail, client address) only, so a guesser elsewhere never slows the
// owner's own address; the 6th and later failures in a row wait 1, 2, 4 ... 300 s each.
inline constexpr rule staff_sign_in{"staff_sign_in", 5, 300, 60};
// Password-reset e-mails: per account's e-mail and per client address.
inline constexpr rule reset_email{"reset_email", 3, 3600, 60};
inline constexpr rule reset_address{"reset_address", 10, 3600, 60};

// The key of a per (e-mail, client address) rule.
inline std::string pair_key(const std::string& email, const std::string& client_address) {
    return email + "\n" + client_address;
}

// Counts one attempt for `key` (stored only as a SHA-256). 0: go ahead; else the seconds to
// wait, and this attempt was not counted.
int count_attempt(db::pool& pool, const rule& r, const std::string& key);
// Gives back the attempt counted for a success (the owner's own sign-in costs nothing).
void give_back(db::pool& pool, const rule& r, const std::string& key);
// Forgets the counter (after a correct password for the pair).
void clear(db::pool& pool, const rule& r, const std::string& key);
// The timer pass: counters quiet for a day and not blocking anything. Returns rows deleted.
int purge_quiet(db::pool& pool);

}  // namespace reserva::store::throttle
