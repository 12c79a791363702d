#include "store/staff_sessions.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>

#include "db/transaction.h"
#include "util/digest.h"
#include "util/random.h"

namespace reserva::store {
namespace {

// Writing last_seen_at on every request would make each page a write; once a minute is close
// enough for an idle timeout counted in minutes.
constexpr int touch_every_seconds = 60;

void insert_session(db::connection& conn, const std::string& token, std::int64_t staff_id, bool enrolling) {
    auto& insert = conn.prepare("INSERT INTO staff_session (token_hash, staff_id, csrf_token, stage) VALUES (?, ?, ?, ?)");
    insert.setString(1, sha256_hex(token));
    insert.setInt64(2, staff_id);
    insert.setString(3, random_hex(16));
    insert.setString(4, enrolling ? "enrol" : "full");
    insert.executeUpdate();
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
        auto& query = conn.prepare(
            "SELECT m.id, m.email, m.name, m.role, m.totp_enabled, m.totp_required, s.csrf_token, s.stage = 'enrol',"
            "       TIMESTAMPDIFF(SECOND, s.last_seen_at, NOW(3))"
            "  FROM staff_session s JOIN staff m ON m.id = s.staff_id"
            " WHERE s.token_hash = ? AND m.disabled_at IS NULL");
        query.setString(1, hash);
        std::unique_ptr<sql::ResultSet> row(query.executeQuery());
        if (!row->next()) return std::nullopt;
        staff_session session;
        session.member.id = row->getInt64(1);
        session.member.email = row->getString(2);
        session.member.name = row->getString(3);
        session.member.role = row->getString(4) == "owner" ? staff_role::owner : staff_role::staff;
        session.member.totp_enabled = row->getBoolean(5);
        session.member.totp_required = row->getBoolean(6);
        session.csrf_token = row->getString(7);
        session.enrolling = row->getBoolean(8);
        return std::make_pair(session, static_cast<int>(row->getInt64(9)));
    });
    if (!found) return std::nullopt;
    int idle_seconds = found->second;
    if (idle_seconds > idle_minutes * 60) {
        end_staff_session(pool, token);
        return std::nullopt;
    }
    if (idle_seconds >= touch_every_seconds) {
        db::in_transaction(pool, [&](db::connection& conn) {
            auto& touch = conn.prepare("UPDATE staff_session SET last_seen_at = NOW(3) WHERE token_hash = ?");
            touch.setString(1, hash);
            touch.executeUpdate();
        });
    }
    return found->first;
}

void end_staff_session(db::pool& pool, const std::string& token) {
    db::in_transaction(pool, [&](db::connection& conn) {
        auto& remove = conn.prepare("DELETE FROM staff_session WHERE token_hash = ?");
        remove.setString(1, sha256_hex(token));
        remove.executeUpdate();
    });
}

std::string replace_staff_session(db::pool& pool, const std::string& old_token, bool enrolling) {
    std::string token = random_hex(16);
    db::in_transaction(pool, [&](db::connection& conn) {
        auto& query = conn.prepare("SELECT staff_id FROM staff_session WHERE token_hash = ? FOR UPDATE");
        query.setString(1, sha256_hex(old_token));
        std::unique_ptr<sql::ResultSet> row(query.executeQuery());
        if (!row->next()) throw std::runtime_error("the session ended meanwhile");
        auto staff_id = row->getInt64(1);
        auto& remove = conn.prepare("DELETE FROM staff_session WHERE token_hash = ?");
        remove.setString(1, sha256_hex(old_token));
        remove.executeUpdate();
        insert_session(conn, token, staff_id, enrolling);
    });
    return token;
}

int forget_idle_staff_sessions(db::pool& pool, int idle_minutes) {
    return db::in_transaction(pool, [&](db::connection& conn) {
        auto& sessions = conn.prepare("DELETE FROM staff_session WHERE last_seen_at < NOW(3) - INTERVAL ? MINUTE");
        sessions.setInt(1, idle_minutes);
        return sessions.executeUpdate();
    });
}

void end_sessions_of(db::connection& conn, std::int64_t staff_id) {
    auto& remove = conn.prepare("DELETE FROM staff_session WHERE staff_id = ?");
    remove.setInt64(1, staff_id);
    remove.executeUpdate();
}

}  // namespace reserva::store
