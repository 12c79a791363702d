#include "store/throttle.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <algorithm>
#include <memory>

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
        auto& create = conn.prepare(
            "INSERT IGNORE INTO throttle (scope, subject, hits, last_hit_at) VALUES (?, ?, 0, NOW(3))");
        create.setString(1, r.scope);
        create.setString(2, subject);
        create.executeUpdate();
        auto& read = conn.prepare(
            "SELECT hits, last_hit_at < NOW(3) - INTERVAL ? MINUTE,"
            "       CEIL(GREATEST(0, TIMESTAMPDIFF(MICROSECOND, NOW(3), COALESCE(blocked_until, NOW(3)))) / 1000000)"
            " FROM throttle WHERE scope = ? AND subject = ? FOR UPDATE");
        read.setInt(1, r.quiet_minutes);
        read.setString(2, r.scope);
        read.setString(3, subject);
        std::unique_ptr<sql::ResultSet> row(read.executeQuery());
        row->next();
        bool quiet = row->getBoolean(2);
        int hits = quiet ? 0 : row->getInt(1);
        int wait = quiet ? 0 : row->getInt(3);
        if (wait > 0) return wait;
        ++hits;
        int delay = delay_after(r, hits);
        auto& count = conn.prepare(
            "UPDATE throttle SET hits = ?, last_hit_at = NOW(3),"
            " blocked_until = IF(? > 0, NOW(3) + INTERVAL ? SECOND, NULL) WHERE scope = ? AND subject = ?");
        count.setInt(1, hits);
        count.setInt(2, delay);
        count.setInt(3, delay);
        count.setString(4, r.scope);
        count.setString(5, subject);
        count.executeUpdate();
        return 0;
    });
}

void give_back(db::pool& pool, const rule& r, const std::string& key) {
    db::in_transaction(pool, [&](db::connection& conn) {
        auto& back = conn.prepare(
            "UPDATE throttle SET hits = GREATEST(hits - 1, 0),"
            " blocked_until = IF(hits < ?, NULL, blocked_until) WHERE scope = ? AND subject = ?");
        back.setInt(1, r.free_attempts);
        back.setString(2, r.scope);
        back.setString(3, subject_of(r, key));
        back.executeUpdate();
    });
}

void clear(db::pool& pool, const rule& r, const std::string& key) {
    db::in_transaction(pool, [&](db::connection& conn) {
        auto& remove = conn.prepare("DELETE FROM throttle WHERE scope = ? AND subject = ?");
        remove.setString(1, r.scope);
        remove.setString(2, subject_of(r, key));
        remove.executeUpdate();
    });
}

int purge_quiet(db::pool& pool) {
    return db::in_transaction(pool, [](db::connection& conn) {
        auto& purge = conn.prepare(
            "DELETE FROM throttle WHERE last_hit_at < NOW(3) - INTERVAL 1 DAY"
            " AND (blocked_until IS NULL OR blocked_until < NOW(3))");
        return purge.executeUpdate();
    });
}

}  // namespace reserva::store::throttle
