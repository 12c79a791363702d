// What every back-office page may use: the configuration, the database and the payment flow
// (refunds), the same objects the shop uses.
#pragma once
#include "db/pool.h"
#include "util/config.h"

namespace reserva::payments {
class payment_flow;
}

namespace reserva::admin {

struct context {
    const config& settings;
    db::pool& database;
    payments::payment_flow& payments;
};

}  // namespace reserva::admin
