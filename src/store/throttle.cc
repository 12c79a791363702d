#include "store/throttle.h"

#include <algorithm>
#include <memory>

#include "db/statements.h"
#include "db/transaction.h"
#include "util/digest.h"

namespace reserva::store::throttle {
namespace {

int delay_after(const rule& r, int hits) {
    if (hits < r.free_attempts) return 0;
    int doublings = std::min(hits - r.free_attempts, 20);
    return std::min(r.max_delay_seconds, 1 << doublings);
}

// The counter's key is never stored in clear: it holds e-mails and client addresses.
std::string subject_of(const rule& r, const std::string& key) { return sha256_hex(std::string(r.scope) + "\n" + key); }

}  // namespace

int count_attempt(db::pool& pool, const rule& r, const std::string& key) {
    std::string subject = subject_of(r, key);
    return db::in_transaction(pool, [&](db::connection& conn) {
        db::execute(conn,
            "INSERT IGNORE INTO throttle (scope, subject, hits, last_hit_at) VALUES (?, ?, 0, NOW(3))",
            r.scope, subject);
        auto row = db::query(conn,
            "SELECT hits, last_hit_at < NOW(3) - INTERVAL ? MINUTE,"
            "       CEIL(GREATEST(0, TIMESTAMPDIFF(MICROSECOND, NOW(3), COALESCE(blocked_until, NOW(3)))) / 1000000)"
            " FROM throttle WHERE scope = ? AND subject = ? FOR UPDATE", r.quiet_minutes, r.scope, subject);
        row.next();
        bool quiet = row.boolean(2);
        int hits = quiet ? 0 : row.int32(1);
        int wait = quiet ? 0 : row.int32(3);
        if (wait > 0) return wait;
        ++hits;
        int delay = delay_after(r, hits);
        db::execute(conn,
            "UPDATE throttle SET hits = ?, last_hit_at = NOW(3),"
            " blocked_until = IF(? > 0, NOW(3) + INTERVAL ? SECOND, NULL) WHERE scope = ? AND subject = ?",
            hits, delay, delay, r.scope, subject);
        return 0;
    });
}

void give_back(db::pool& pool, const rule& r, const std::string& key) {
    db::in_transaction(pool, [&](db::connection& conn) {
        db::execute(conn,
            "UPDATE throttle SET hits = GREATEST(hits - 1, 0),"
            " blocked_until = IF(hits < ?, NULL, blocked_until) WHERE scope = ? AND subject = ?",
            r.free_attempts, r.scope, subject_of(r, key));
    });
}

void clear(db::pool& pool, const rule& r, const std::string& key) {
    db::in_transaction(pool, [&](db::connection& conn) {
        db::execute(conn, "DELETE FROM throttle WHERE scope = ? AND subject = ?", r.scope, subject_of(r, key));
    });
}

int purge_quiet(db::pool& pool) {
    return db::in_transaction(pool, [](db::connection& conn) {
        return db::execute(conn,
            "DELETE FROM throttle WHERE last_hit_at < NOW(3) - INTERVAL 1 DAY"
            " AND (blocked_until IS NULL OR blocked_until < NOW(3))");
    });
}

}  // namespace reserva::store::throttle
