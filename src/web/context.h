// What every page handler may use: the configuration and the database.
#pragma once
#include "db/pool.h"
#include "util/config.h"

namespace reserva::web {

struct context {
    const config& settings;
    db::pool& database;
};

}  // namespace reserva::web
