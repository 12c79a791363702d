// An order's state (SPEC section 5) is worked out from its rows, never stored twice: one SQL
// expression over shop_order o, used by the shop's pages, the back office and the export.
//   awaiting_payment  not finished, a payment link is live
//   cancelled         not finished, it had links and none is live any more
//   paid              finished (end_date), not shipped
//   shipped, delivered  fulfilment marks (shipped_at, delivered_at)
//   refunded          the whole amount given back after the sale (refunded_cents = total)
#pragma once
#include <string>

namespace reserva::store {

inline constexpr const char* order_state_sql =
    "CASE WHEN o.end_date IS NULL THEN IF(EXISTS(SELECT 1 FROM payment lp WHERE lp.order_id = o.id"
    " AND lp.status IN ('creating', 'open') AND lp.expires_at > NOW(3)), 'awaiting_payment', 'cancelled')"
    " WHEN o.total_cents > 0 AND o.refunded_cents >= o.total_cents THEN 'refunded'"
    " WHEN o.delivered_at IS NOT NULL THEN 'delivered'"
    " WHEN o.shipped_at IS NOT NULL THEN 'shipped' ELSE 'paid' END";

// The orders the back office lists: finished ones, and open ones that reached "Confirm order"
// (an open order without a payment is only a cart).
inline constexpr const char* is_an_order_sql =
    "(o.end_date IS NOT NULL OR EXISTS(SELECT 1 FROM payment cp WHERE cp.order_id = o.id))";

// "Paid - to ship" and the like, for people.
inline const char* order_state_label(const std::string& state) {
    if (state == "awaiting_payment") return "Awaiting payment";
    if (state == "paid") return "Paid - to ship";
    if (state == "shipped") return "Shipped";
    if (state == "delivered") return "Delivered";
    if (state == "refunded") return "Refunded";
    if (state == "cancelled") return "Cancelled";
    return "Unknown";
}

}  // namespace reserva::store
