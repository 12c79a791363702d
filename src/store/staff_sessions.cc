#include "store/staff_sessions.h"

#include <memory>

#include "db/statements.h"
#include "db/transaction.h"
#include "util/digest.h"
#include "util/random.h"

namespace reserva::store {
namespace {

// Writing last_seen_at on every request would make each page a write; once a minute is close
// enough for an idle timeout counted in minutes.
constexpr int touch_every_seconds = 60;

void insert_session(db::connection& conn, const std::string& token, std::int64_t staff_id, bool enrolling) {
    db::execute(conn,
        "INSERT INTO staff_session (token_hash, staff_id, csrf_token, stage) VALUES (?, ?, ?, ?)",
        sha256_hex(token), staff_id, random_hex(16), enrolling ? "enrol" : "full");
}

}  // namespace

std::string create_staff_session(db::pool& pool, std::int64_t staff_id, bool enrolling) {
    std::string token = random_hex(16);
    db::in_transaction(pool, [&](db::connection& conn) { insert_session(conn, token, staff_id, enrolling); });
    return token;
}

std::optional<staff_session> find_staff_session(db::pool& pool, const std::string& token, int idle_minutes) {
    std::string hash = sha256_hex(token);
    auto found = db::with_connection(pool, [&](db::connection& conn) -> std::optional<std::pair<staff_session, int>> {
        auto row = db::query(conn,
            "SELECT m.id, m.email, m.name, m.role, m.totp_enabled, m.totp_required, s.csrf_token, s.stage = 'enrol',"
            "       TIMESTAMPDIFF(SECOND, s.last_seen_at, NOW(3))"
            "  FROM staff_session s JOIN staff m ON m.id = s.staff_id"
            " WHERE s.token_hash = ? AND m.disabled_at IS NULL", hash);
        if (!row.next()) return std::nullopt;
        staff_session session;
        session.member.id = row.int64(1);
        session.member.email = row.text(2);
        session.member.name = row.text(3);
        session.member.role = row.text(4) == "owner" ? staff_role::owner : staff_role::staff;
        session.member.totp_enabled = row.boolean(5);
        session.member.totp_required = row.boolean(6);
        session.csrf_token = row.text(7);
        session.enrolling = row.boolean(8);
        return std::make_pair(session, static_cast<int>(row.int64(9)));
    });
    if (!found) return std::nullopt;
    int idle_seconds = found->second;
    if (idle_seconds > idle_minutes * 60) {
        end_staff_session(pool, token);
        return std::nullopt;
    }
    if (idle_seconds >= touch_every_seconds) {
        db::in_transaction(pool, [&](db::connection& conn) {
            db::execute(conn, "UPDATE staff_session SET last_seen_at = NOW(3) WHERE token_hash = ?", hash);
        });
    }
    return found->first;
}

void end_staff_session(db::pool& pool, const std::string& token) {
    db::in_transaction(pool, [&](db::connection& conn) {
        db::execute(conn, "DELETE FROM staff_session WHERE token_hash = ?", sha256_hex(token));
    });
}

std::string replace_staff_session(db::pool& pool, const std::string& old_token, bool enrolling) {
    std::string token = random_hex(16);
    db::in_transaction(pool, [&](db::connection& conn) {
        auto row = db::query(conn,
            "SELECT staff_id FROM staff_session WHERE token_hash = ? FOR UPDATE", sha256_hex(old_token));
        if (!row.next()) throw std::runtime_error("the session ended meanwhile");
        auto staff_id = row.int64(1);
        db::execute(conn, "DELETE FROM staff_session WHERE token_hash = ?", sha256_hex(old_token));
        insert_session(conn, token, staff_id, enrolling);
    });
    return token;
}

int forget_idle_staff_sessions(db::pool& pool, int idle_minutes) {
    return db::in_transaction(pool, [&](db::connection& conn) {
        return db::execute(conn,
            "DELETE FROM staff_session WHERE last_seen_at < NOW(3) - INTERVAL ? MINUTE", idle_minutes);
    });
}

void end_sessions_of(db::connection& conn, std::int64_t staff_id) {
    db::execute(conn, "DELETE FROM staff_session WHERE staff_id = ?", staff_id);
}

}  // namespace reserva::store
