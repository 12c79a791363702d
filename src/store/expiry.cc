#include "store/expiry.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>
#include <vector>

#include "db/transaction.h"

namespace reserva::store {

expiry_result expire_stale_payments(db::pool& pool) {
    return db::in_transaction(pool, [](db::connection& conn) {
        expiry_result result;
        auto& claim = conn.prepare(
            "SELECT id FROM payment WHERE status IN ('creating', 'open') AND expires_at <= NOW(3) ORDER BY id FOR UPDATE SKIP LOCKED");
        std::unique_ptr<sql::ResultSet> rows(claim.executeQuery());
        std::vector<std::int64_t> ids;
        while (rows->next()) ids.push_back(rows->getInt64(1));
        for (auto id : ids) {
            auto& mark = conn.prepare("UPDATE payment SET status = 'expired' WHERE id = ? AND status IN ('creating', 'open')");
            mark.setInt64(1, id);
            result.payments_expired += mark.executeUpdate();
        }
        auto& release = conn.prepare("DELETE FROM stock_hold WHERE expires_at <= NOW(3)");
        result.holds_released = release.executeUpdate();
        return result;
    });
}

}  // namespace reserva::store
