// Schema migrations: sql/NNN_name.sql files applied in order, each once, recorded in
// schema_migration. Safe to run from several hosts at once (a named lock serialises them).
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "db/pool.h"

namespace reserva::db {

struct migration_file {
    int version;
    std::string name;  // file name, e.g. "001_schema.sql"
    std::string path;
};

// The NNN_*.sql files of dir, by version; throws std::runtime_error on a duplicate version.
std::vector<migration_file> list_migrations(const std::string& dir);
// Statements end with ';' at the end of a line; "-- " comment lines are dropped.
std::vector<std::string> split_sql_statements(std::string_view text);
// Applies what is missing; returns the names applied (empty when up to date).
std::vector<std::string> apply_migrations(pool& p, const std::string& dir);

}  // namespace reserva::db
