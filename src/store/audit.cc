#include "store/audit.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>

#include "db/transaction.h"

namespace reserva::store {

void record_audit(db::connection& conn, const actor& by, const std::string& action, const std::string& subject,
                  const std::string& before, const std::string& after) {
    auto& insert = conn.prepare(
        "INSERT INTO audit_log (staff_id, who, action, subject, before_value, after_value) VALUES (NULLIF(?, 0), ?, ?, ?, ?, ?)");
    insert.setInt64(1, by.staff_id);
    insert.setString(2, by.who);
    insert.setString(3, action);
    insert.setString(4, subject.substr(0, 200));
    insert.setString(5, before);
    insert.setString(6, after);
    insert.executeUpdate();
}

std::vector<audit_row> audit_page(db::pool& pool, int limit, int offset) {
    return db::with_connection(pool, [&](db::connection& conn) {
        auto& query = conn.prepare(
            "SELECT id, FLOOR(UNIX_TIMESTAMP(at)), who, action, subject, before_value, after_value FROM audit_log"
            " ORDER BY id DESC LIMIT ? OFFSET ?");
        query.setInt(1, limit);
        query.setInt(2, offset);
        std::unique_ptr<sql::ResultSet> rows(query.executeQuery());
        std::vector<audit_row> found;
        while (rows->next())
            found.push_back({rows->getInt64(1), rows->getInt64(2), rows->getString(3), rows->getString(4),
                             rows->getString(5), rows->getString(6), rows->getString(7)});
        return found;
    });
}

}  // namespace reserva::store
