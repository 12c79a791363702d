// Secrets the database keeps for every host alike (sql/008_abuse.sql: site_secret).
#pragma once
#include <string>

#include "db/pool.h"

namespace reserva::store {

// The named secret, as hex digits of its bytes. Read from the database once per process and kept: a
// secret is made once by the migration and never changes while the store runs. Throws
// db::unavailable (a 503) while the database cannot be reached, and std::runtime_error when
// the schema has no such secret (reservactl migrate has not run).
const std::string& site_secret(db::pool& pool, const std::string& name);

}  // namespace reserva::store
