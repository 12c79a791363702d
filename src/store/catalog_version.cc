#include "store/catalog_version.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>

#include "db/transaction.h"

namespace reserva::store {

void bump_catalog_version(db::connection& conn) {
    conn.prepare("UPDATE catalog_version SET version = version + 1 WHERE id = 1").executeUpdate();
}

std::int64_t catalog_version(db::pool& pool) {
    return db::with_connection(pool, [](db::connection& conn) -> std::int64_t {
        std::unique_ptr<sql::ResultSet> row(conn.prepare("SELECT version FROM catalog_version WHERE id = 1").executeQuery());
        return row->next() ? row->getInt64(1) : 0;
    });
}

}  // namespace reserva::store
