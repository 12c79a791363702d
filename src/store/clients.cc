#include "store/clients.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>

#include "db/statements.h"
#include "db/transaction.h"

namespace reserva::store {

std::optional<shopper_state> find_anonymous_shopper(db::pool& pool, const std::string& session_key) {
    return db::with_connection(pool, [&](db::connection& conn) -> std::optional<shopper_state> {
        auto& query = conn.prepare(
            "SELECT c.id, COALESCE(o.id, 0), COALESCE(SUM(i.quantity), 0)"
            "  FROM client c"
            "  LEFT JOIN shop_order o ON o.open_client_id = c.id"
            "  LEFT JOIN ordered_item i ON i.order_id = o.id"
            " WHERE c.session_key = ? AND c.email IS NULL"
            " GROUP BY c.id, o.id");
        query.setString(1, session_key);
        std::unique_ptr<sql::ResultSet> row(query.executeQuery());
        if (!row->next()) return std::nullopt;
        return shopper_state{row->getInt64(1), row->getInt64(2), row->getInt(3)};
    });
}

std::int64_t create_anonymous_client(db::pool& pool, const std::string& session_key) {
    return db::in_transaction(pool, [&](db::connection& conn) {
        auto& insert = conn.prepare("INSERT INTO client (session_key) VALUES (?)");
        insert.setString(1, session_key);
        insert.executeUpdate();
        return db::last_insert_id(conn);
    });
}

}  // namespace reserva::store
