// Small helpers for statements every module runs.
#pragma once
#include <cstdint>

#include "db/pool.h"

namespace reserva::db {

// The AUTO_INCREMENT id of this connection's last INSERT.
std::int64_t last_insert_id(connection& conn);

}  // namespace reserva::db
