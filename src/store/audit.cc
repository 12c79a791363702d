#include "store/audit.h"

#include <memory>

#include "db/statements.h"
#include "db/transaction.h"

namespace reserva::store {

void record_audit(db::connection& conn, const actor& by, const std::string& action, const std::string& subject,
                  const std::string& before, const std::string& after) {
    db::execute(conn,
        "INSERT INTO audit_log (staff_id, who, action, subject, before_value, after_value) VALUES (NULLIF(?, 0), ?, ?, ?, ?, ?)",
        by.staff_id, by.who, action, subject.substr(0, 200), before, after);
}

std::vector<audit_row> audit_page(db::pool& pool, int limit, int offset) {
    return db::with_connection(pool, [&](db::connection& conn) {
        auto rows = db::query(conn,
            "SELECT id, FLOOR(UNIX_TIMESTAMP(at)), who, action, subject, before_value, after_value FROM audit_log"
            " ORDER BY id DESC LIMIT ? OFFSET ?", limit, offset);
        std::vector<audit_row> found;
        while (rows.next())
            found.push_back({rows.int64(1), rows.int64(2), rows.text(3), rows.text(4),
                             rows.text(5), rows.text(6), rows.text(7)});
        return found;
    });
}

}  // namespace reserva::store
