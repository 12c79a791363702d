#include "store/staff.h"

#include <cppconn/exception.h>

#include <algorithm>
#include <memory>

#include "db/statements.h"
#include "db/transaction.h"
#include "store/catalog_admin.h"
#include "store/staff_sessions.h"
#include "util/digest.h"
#include "util/password.h"
#include "util/random.h"
#include "util/totp.h"

namespace reserva::store {
namespace {

constexpr int duplicate_key = 1062;
constexpr int recovery_code_count = 10;

const char* const member_columns =
    "id, email, name, role, totp_enabled, totp_required, disabled_at IS NOT NULL, FLOOR(UNIX_TIMESTAMP(created_at))";

staff_member read_member(const db::result& row) {
    staff_member m;
    m.id = row.int64(1);
    m.email = row.text(2);
    m.name = row.text(3);
    m.role = row.text(4) == "owner" ? staff_role::owner : staff_role::staff;
    m.totp_enabled = row.boolean(5);
    m.totp_required = row.boolean(6);
    m.disabled = row.boolean(7);
    m.created_at = row.int64(8);
    return m;
}

// The account row locked for a change; nullopt when unknown.
std::optional<staff_member> lock_member(db::connection& conn, const std::string& email) {
    auto row = db::query(conn,
        std::string("SELECT ") + member_columns + " FROM staff WHERE email = ? FOR UPDATE", email);
    if (!row.next()) return std::nullopt;
    return read_member(row);
}

std::string normalized_recovery_code(const std::string& code) {
    std::string out;
    for (char c : code)
        if (c != '-' && c != ' ') out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

}  // namespace

const char* role_name(staff_role role) { return role == staff_role::owner ? "owner" : "staff"; }

std::optional<staff_role> parse_role(const std::string& name) {
    if (name == "owner") return staff_role::owner;
    if (name == "staff") return staff_role::staff;
    return std::nullopt;
}

std::int64_t add_staff(db::pool& pool, const actor& by, const std::string& email, const std::string& name,
                       staff_role role, const std::string& password) {
    std::string hash = hash_password(password);  // outside the transaction: it takes a while
    try {
        return db::in_transaction(pool, [&](db::connection& conn) {
            db::execute(conn,
                "INSERT INTO staff (email, name, role, password_hash) VALUES (?, ?, ?, ?)",
                email, name, role_name(role), hash);
            auto id = db::last_insert_id(conn);
            record_audit(conn, by, "staff.add", email, "", std::string("role=") + role_name(role) + " name=" + name);
            return id;
        });
    } catch (const sql::SQLException& e) {
        if (e.getErrorCode() == duplicate_key) throw invalid_request("a staff account with that e-mail exists already");
        throw;
    }
}

std::vector<staff_member> list_staff(db::pool& pool) {
    return db::with_connection(pool, [](db::connection& conn) {
        auto rows = db::query(conn, std::string("SELECT ") + member_columns + " FROM staff ORDER BY id");
        std::vector<staff_member> found;
        while (rows.next()) found.push_back(read_member(rows));
        return found;
    });
}

std::optional<staff_member> find_staff(db::pool& pool, const std::string& email) {
    return db::with_connection(pool, [&](db::connection& conn) -> std::optional<staff_member> {
        auto row = db::query(conn, std::string("SELECT ") + member_columns + " FROM staff WHERE email = ?", email);
        if (!row.next()) return std::nullopt;
        return read_member(row);
    });
}

bool disable_staff(db::pool& pool, const actor& by, const std::string& email) {
    return db::in_transaction(pool, [&](db::connection& conn) {
        auto member = lock_member(conn, email);
        if (!member) return false;
        db::execute(conn, "UPDATE staff SET disabled_at = COALESCE(disabled_at, NOW(3)) WHERE id = ?", member->id);
        end_sessions_of(conn, member->id);
        record_audit(conn, by, "staff.disable", email, member->disabled ? "disabled" : "enabled", "disabled");
        return true;
    });
}

bool set_staff_password(db::pool& pool, const actor& by, const std::string& email, const std::string& password) {
    std::string hash = hash_password(password);
    return db::in_transaction(pool, [&](db::connection& conn) {
        auto member = lock_member(conn, email);
        if (!member) return false;
        db::execute(conn, "UPDATE staff SET password_hash = ? WHERE id = ?", hash, member->id);
        end_sessions_of(conn, member->id);
        record_audit(conn, by, "staff.password", email, "(a password)", "(a new password; sessions ended)");
        return true;
    });
}

std::optional<std::string> reset_totp(db::pool& pool, const actor& by, const std::string& email) {
    std::string secret = totp::new_secret();
    return db::in_transaction(pool, [&](db::connection& conn) -> std::optional<std::string> {
        auto member = lock_member(conn, email);
        if (!member) return std::nullopt;
        db::execute(conn,
            "UPDATE staff SET totp_secret = ?, totp_enabled = 1, totp_last_step = NULL WHERE id = ?",
            secret, member->id);
        record_audit(conn, by, "staff.totp", email, member->totp_enabled ? "second factor on" : "no second factor",
                     "second factor on (new secret)");
        return secret;
    });
}

bool require_totp_for(db::pool& pool, const actor& by, const std::string& email) {
    return db::in_transaction(pool, [&](db::connection& conn) {
        auto member = lock_member(conn, email);
        if (!member) return false;
        db::execute(conn, "UPDATE staff SET totp_required = 1 WHERE id = ?", member->id);
        record_audit(conn, by, "staff.require_totp", email, member->totp_required ? "required" : "not required", "required");
        return true;
    });
}

std::optional<staff_credentials> credentials_for(db::pool& pool, const std::string& email) {
    return db::with_connection(pool, [&](db::connection& conn) -> std::optional<staff_credentials> {
        auto row = db::query(conn,
            std::string("SELECT ") + member_columns +
            ", password_hash, IF(totp_enabled, totp_secret, '') FROM staff"
            " WHERE email = ? AND disabled_at IS NULL", email);
        if (!row.next()) return std::nullopt;
        return staff_credentials{read_member(row), row.text(9), row.is_null(10) ? "" : row.text(10)};
    });
}

bool accept_totp_code(db::pool& pool, std::int64_t staff_id, const std::string& code, std::time_t now) {
    return db::in_transaction(pool, [&](db::connection& conn) {
        auto row = db::query(conn,
            "SELECT totp_secret, COALESCE(totp_last_step, -1) FROM staff WHERE id = ? AND totp_secret IS NOT NULL FOR UPDATE",
            staff_id);
        if (!row.next()) return false;
        auto step = totp::matching_step(row.text(1), code, now);
        if (!step || *step <= row.int64(2)) return false;
        db::execute(conn, "UPDATE staff SET totp_last_step = ? WHERE id = ?", *step, staff_id);
        return true;
    });
}

bool accept_recovery_code(db::pool& pool, std::int64_t staff_id, const std::string& code) {
    std::string hash = sha256_hex(normalized_recovery_code(code));
    return db::in_transaction(pool, [&](db::connection& conn) {
        return db::execute(conn,
            "UPDATE staff_recovery_code SET used_at = NOW(3) WHERE staff_id = ? AND code_hash = ? AND used_at IS NULL",
            staff_id, hash) == 1;
    });
}

std::string begin_totp_enrolment(db::pool& pool, std::int64_t staff_id) {
    std::string secret = totp::new_secret();
    return db::in_transaction(pool, [&](db::connection& conn) {
        // A pending secret is kept: reloading the page must not void a code already scanned.
        db::execute(conn,
            "UPDATE staff SET totp_secret = COALESCE(totp_secret, ?), totp_last_step = NULL WHERE id = ? AND totp_enabled = 0",
            secret, staff_id);
        auto row = db::query(conn, "SELECT COALESCE(totp_secret, '') FROM staff WHERE id = ?", staff_id);
        return row.next() ? row.text(1) : std::string();
    });
}

std::optional<std::vector<std::string>> confirm_totp_enrolment(db::pool& pool, const actor& by, const std::string& code,
                                                              std::time_t now) {
    std::vector<std::string> codes;
    for (int i = 0; i < recovery_code_count; ++i) {
        std::string raw = random_hex(5);
        codes.push_back(raw.substr(0, 5) + "-" + raw.substr(5));
    }
    return db::in_transaction(pool, [&](db::connection& conn) -> std::optional<std::vector<std::string>> {
        auto row = db::query(conn,
            "SELECT totp_secret, email FROM staff WHERE id = ? AND totp_enabled = 0 AND totp_secret IS NOT NULL FOR UPDATE",
            by.staff_id);
        if (!row.next()) return std::nullopt;
        auto step = totp::matching_step(row.text(1), code, now);
        if (!step) return std::nullopt;
        std::string email = row.text(2);
        db::execute(conn, "UPDATE staff SET totp_enabled = 1, totp_last_step = ? WHERE id = ?", *step, by.staff_id);
        db::execute(conn, "DELETE FROM staff_recovery_code WHERE staff_id = ?", by.staff_id);
        for (auto& recovery : codes) {
            db::execute(conn,
                "INSERT INTO staff_recovery_code (staff_id, code_hash) VALUES (?, ?)",
                by.staff_id, sha256_hex(normalized_recovery_code(recovery)));
        }
        record_audit(conn, by, "staff.totp_enrol", email, "no second factor", "second factor on, 10 recovery codes");
        return codes;
    });
}

}  // namespace reserva::store
