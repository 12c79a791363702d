#include "store/catalog_version.h"

#include "db/statements.h"
#include "db/transaction.h"

namespace reserva::store {

void bump_catalog_version(db::connection& conn) {
    db::execute(conn, "UPDATE catalog_version SET version = version + 1 WHERE id = 1");
}

std::int64_t catalog_version(db::pool& pool) {
    return db::with_connection(pool, [](db::connection& conn) -> std::int64_t {
        static const std::string read = "SELECT version FROM catalog_version WHERE id = 1";
        auto row = db::query(conn, read);
        return row.next() ? row.int64(1) : 0;
    });
}

}  // namespace reserva::store
