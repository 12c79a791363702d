// The catalog's version: one number that every write to products, colors, variants' identity
// (not their stock) and photos bumps in its own transaction, so that a process caching the
// catalog (issue 20) can check its copy with one primary-key read (sql/010).
#pragma once
#include <cstdint>

#include "db/pool.h"

namespace reserva::store {

void bump_catalog_version(db::connection& conn);
std::int64_t catalog_version(db::pool& pool);

}  // namespace reserva::store
