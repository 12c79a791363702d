// The purchase e-mail queue (mail_outbox). Rows are claimed with a lease (SKIP LOCKED, then a
// next_attempt_at in the future) so that several senders on several hosts never take the same
// row at once; a sent row is marked and never sent again.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "db/pool.h"
#include "mail/smtp_sender.h"

namespace reserva::mail {

struct queued_mail {
    std::int64_t id = 0;
    std::int64_t order_id = 0;
    std::string recipient;
    int attempts = 0;
    std::string kind;  // "purchase" (rendered from its order when sent), or a message stored ready
};

// Up to `limit` due rows, leased to this caller for lease_seconds.
std::vector<queued_mail> claim_due_mail(db::pool& pool, int limit, int lease_seconds);
void mark_sent(db::pool& pool, std::int64_t id);
// A row queued with its subject and bodies (the low-stock mail): the message to send.
message stored_message(db::pool& pool, std::int64_t id, const std::string& from);
// Tries again later: 1, 2, 4 ... minutes after each failure, at most an hour.
void mark_failed(db::pool& pool, std::int64_t id, int attempts, const std::string& error);

}  // namespace reserva::mail
