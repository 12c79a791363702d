// What the back office does to a paid order: ship it (carrier, tracking, one "on its way"
// e-mail), mark it delivered, and notes on its timeline. Each change is checked against the
// order's state under its row lock and leaves a timeline event and an audit row.
#pragma once
#include <cstdint>
#include <string>

#include "db/pool.h"
#include "store/audit.h"

namespace reserva::store {

enum class fulfilment_result {
    done,
    unknown_order,
    wrong_state,  // e.g. shipping an order that is not paid, or was shipped already
    flagged,      // the gateway reported a chargeback or refund: it must not ship
};

fulfilment_result ship_order(db::pool& pool, const actor& by, std::int64_t order_id, const std::string& carrier,
                             const std::string& tracking);
fulfilment_result deliver_order(db::pool& pool, const actor& by, std::int64_t order_id);
fulfilment_result add_order_note(db::pool& pool, const actor& by, std::int64_t order_id, const std::string& text);

// Queues an e-mail about the order in the caller's transaction (mail/ sends it): kind shipped,
// refund (ref_id = the refund) or store_copy; the same (order, kind, ref_id) twice is one e-mail.
void queue_order_mail(db::connection& conn, std::int64_t order_id, const std::string& kind, std::int64_t ref_id,
                      const std::string& recipient);
// A timeline event in the caller's transaction (kind: note, shipped, delivered, refund, gateway).
void record_order_event(db::connection& conn, std::int64_t order_id, const std::string& who, const std::string& kind,
                        const std::string& text);

}  // namespace reserva::store
