// The e-mail queue (mail_outbox): per order the purchase e-mail, the store's copy ([mail] notify),
// "on its way", and one per refund; each (order, kind, ref_id) at most once. Rows are claimed with a lease (SKIP LOCKED, then a
// next_attempt_at in the future) so that several senders on several hosts never take the same
// row at once; a sent row is marked and never sent again.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "db/pool.h"

namespace reserva::mail {

struct queued_mail {
    std::int64_t id = 0;
    std::int64_t order_id = 0;
    std::string recipient;
    int attempts = 0;
    std::string kind = "purchase";  // purchase, store_copy, shipped, refund
    std::int64_t ref_id = 0;        // the refund's id for kind refund
};

// Queues one e-mail (store::queue_order_mail in its own transaction).
void queue_mail(db::pool& pool, std::int64_t order_id, const std::string& kind, std::int64_t ref_id,
                const std::string& recipient);

// Up to `limit` due rows, leased to this caller for lease_seconds.
std::vector<queued_mail> claim_due_mail(db::pool& pool, int limit, int lease_seconds);
void mark_sent(db::pool& pool, std::int64_t id);
// Tries again later: 1, 2, 4 ... minutes after each failure, at most an hour.
void mark_failed(db::pool& pool, std::int64_t id, int attempts, const std::string& error);

}  // namespace reserva::mail
