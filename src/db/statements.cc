#include "db/statements.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>

namespace reserva::db {

std::int64_t last_insert_id(connection& conn) {
    std::unique_ptr<sql::ResultSet> row(conn.prepare("SELECT LAST_INSERT_ID()").executeQuery());
    row->next();
    return row->getInt64(1);
}

}  // namespace reserva::db
