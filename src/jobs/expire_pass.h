// One pass of the timer's cleanup (reserva-expire, reservactl expire): expire stale links and
// their holds, delete abandoned anonymous carts, catch up with the gateway (links, refunds),
// send queued e-mail. Each step logs what it did. Safe on several hosts at once.
#pragma once
#include "db/pool.h"
#include "util/config.h"

namespace reserva::jobs {

// Throws db::unavailable (or an SQL error) only when the database cannot be used at all.
void run_expire_pass(db::pool& pool, const config& settings);

}  // namespace reserva::jobs
