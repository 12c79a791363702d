// What the shop's order pages (/order_approved/{id}/, /my_orders/) and the e-mails show about an
// order's progress: its state (data-order-state), carrier and tracking once shipped, and each
// refund (data-refund-cents).
#pragma once
#include <ctemplate/template.h>

#include "store/orders.h"

namespace reserva::view {

// ORDER_STATE, STATE_LABEL; SHIPPED {CARRIER, TRACKING, SHIPPED_AT}, DELIVERED {DELIVERED_AT};
// REFUND {AMOUNT, REFUND_CENTS, REASON, DONE | PENDING, AFTER_SALE | AUTOMATIC}.
void fill_order_status(ctemplate::TemplateDictionary& dict, const store::order_view& order);

}  // namespace reserva::view
