// What every page handler may use: the configuration, the database and the payment flow.
#pragma once
#include "db/pool.h"
#include "util/config.h"

namespace reserva::payments {
class payment_flow;
}

namespace reserva::web {

struct context {
    const config& settings;
    db::pool& database;
    payments::payment_flow& payments;
};

}  // namespace reserva::web
