// The audit log: one row for every change made from the back office or reservactl's staff
// commands (who, when, what, before -> after), written in the transaction of the change. Rows
// are only ever added; owners read them at /admin/audit/.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "db/pool.h"

namespace reserva::store {

// Who did something: a staff member (id and e-mail), or "cli" / "system" with id 0.
struct actor {
    std::int64_t staff_id = 0;
    std::string who;
};

void record_audit(db::connection& conn, const actor& by, const std::string& action, const std::string& subject,
                  const std::string& before, const std::string& after);

struct audit_row {
    std::int64_t id = 0;
    std::int64_t at = 0;  // epoch seconds
    std::string who, action, subject, before, after;
};

// Newest first, `limit` rows from `offset`.
std::vector<audit_row> audit_page(db::pool& pool, int limit, int offset);

}  // namespace reserva::store
