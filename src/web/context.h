// What every page handler may use: the configuration, the database, the payment flow and the
// process's copy of the catalog.
#pragma once
#include "db/pool.h"
#include "store/catalog.h"
#include "util/config.h"

namespace reserva::payments {
class payment_flow;
}

namespace reserva::web {

struct context {
    const config& settings;
    db::pool& database;
    payments::payment_flow& payments;
    store::shop_caches& caches;
};

}  // namespace reserva::web
