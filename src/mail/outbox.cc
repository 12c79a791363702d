#include "mail/outbox.h"

#include <algorithm>
#include <memory>

#include "db/statements.h"
#include "db/transaction.h"
#include "store/fulfilment.h"

namespace reserva::mail {

std::vector<queued_mail> claim_due_mail(db::pool& pool, int limit, int lease_seconds) {
    // Every host's sender looks every 2 s; most looks find nothing. A plain read answers that
    // without a transaction (on Galera a claim transaction costs six statements and a
    // certification, and takes row locks that replicated writes then have to abort).
    bool any_due = db::with_connection(pool, [](db::connection& conn) {
        auto row = db::query(conn,
            "SELECT 1 FROM mail_outbox WHERE sent_at IS NULL AND next_attempt_at <= NOW(3) LIMIT 1");
        return row.next();
    });
    if (!any_due) return {};
    return db::in_transaction(pool, [&](db::connection& conn) {
        auto rows = db::query(conn,
            "SELECT id, COALESCE(order_id, 0), recipient, attempts, kind, ref_id, COALESCE(subject, ''),"
            " COALESCE(body_text, ''), COALESCE(body_html, '') FROM mail_outbox"
            " WHERE sent_at IS NULL AND next_attempt_at <= NOW(3) ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED", limit);
        std::vector<queued_mail> claimed;
        while (rows.next())
            claimed.push_back({rows.int64(1), rows.int64(2), rows.text(3), rows.int32(4), rows.text(5),
                               rows.int64(6), rows.text(7), rows.text(8), rows.text(9)});
        for (auto& mail : claimed) {
            db::execute(conn,
                "UPDATE mail_outbox SET next_attempt_at = NOW(3) + INTERVAL ? SECOND, attempts = attempts + 1 WHERE id = ?",
                lease_seconds, mail.id);
            ++mail.attempts;
        }
        return claimed;
    });
}

void queue_account_mail(db::pool& pool, const std::string& recipient, const std::string& subject,
                        const std::string& text, const std::string& html) {
    db::in_transaction(pool, [&](db::connection& conn) {
        db::execute(conn,
            "INSERT INTO mail_outbox (kind, recipient, subject, body_text, body_html) VALUES ('account', ?, ?, ?, ?)",
            recipient, subject, text, html);
    });
}

void queue_mail(db::pool& pool, std::int64_t order_id, const std::string& kind, std::int64_t ref_id,
                const std::string& recipient) {
    db::in_transaction(pool, [&](db::connection& conn) { store::queue_order_mail(conn, order_id, kind, ref_id, recipient); });
}

void mark_sent(db::pool& pool, std::int64_t id) {
    db::in_transaction(pool, [&](db::connection& conn) {
        db::execute(conn,
            "UPDATE mail_outbox SET sent_at = NOW(3), last_error = NULL,"
            " body_text = IF(order_id IS NULL, NULL, body_text), body_html = IF(order_id IS NULL, NULL, body_html) WHERE id = ?",
            id);
    });
}

void mark_failed(db::pool& pool, std::int64_t id, int attempts, const std::string& error) {
    int minutes = std::min(60, 1 << std::min(attempts - 1, 6));
    db::in_transaction(pool, [&](db::connection& conn) {
        db::execute(conn,
            "UPDATE mail_outbox SET next_attempt_at = NOW(3) + INTERVAL ? MINUTE, last_error = ? WHERE id = ? AND sent_at IS NULL",
            minutes, error.substr(0, 500), id);
    });
}

}  // namespace reserva::mail
