// A small catalog for trying the store out (reservactl demo).
#pragma once
#include "db/pool.h"

namespace reserva::store {

// Adds the demo products, colors and stock; products already present (same name) are skipped,
// so running it twice changes nothing. Returns how many products were added.
int load_demo_catalog(db::pool& pool);

}  // namespace reserva::store
