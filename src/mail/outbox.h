// The e-mail queue (mail_outbox): per order the purchase e-mail, the store's copy ([mail] notify),
// "on its way", and one per refund; each (order, kind, ref_id) at most once. Rows are claimed with a lease (SKIP LOCKED, then a
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
    std::int64_t order_id = 0;  // 0: an account e-mail, whose words are stored below
    std::string recipient;
    int attempts = 0;
    std::string kind = "purchase";  // purchase, store_copy, shipped, refund (of an order); account, low_stock (stored)
    std::int64_t ref_id = 0;        // the refund's id for kind refund
    std::string subject, text, html;  // a stored message (no order): its words, rendered when queued
};

// Queues an account e-mail (reset link, welcome, notes): rendered now, sent by the next pass.
void queue_account_mail(db::pool& pool, const std::string& recipient, const std::string& subject,
                        const std::string& text, const std::string& html);
// Queues one e-mail about an order (store::queue_order_mail in its own transaction).
void queue_mail(db::pool& pool, std::int64_t order_id, const std::string& kind, std::int64_t ref_id,
                const std::string& recipient);

// Up to `limit` due rows, leased to this caller for lease_seconds.
std::vector<queued_mail> claim_due_mail(db::pool& pool, int limit, int lease_seconds);
// A sent account e-mail's words are wiped: a reset link must not outlive its delivery here.
void mark_sent(db::pool& pool, std::int64_t id);
// Tries again later: 1, 2, 4 ... minutes after each failure, at most an hour.
void mark_failed(db::pool& pool, std::int64_t id, int attempts, const std::string& error);

}  // namespace reserva::mail
