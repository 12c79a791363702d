#include "store/account_links.h"

#include <cppconn/exception.h>

#include <memory>

#include "db/statements.h"
#include "db/transaction.h"
#include "store/accounts.h"
#include "util/digest.h"
#include "util/random.h"

namespace reserva::store {
namespace {

constexpr const char* reset_purpose = "password_reset";
constexpr const char* change_purpose = "email_change";

std::string insert_link(db::connection& conn, std::int64_t client_id, const char* purpose, const std::string& new_email) {
    std::string token = random_hex(16);
    db::execute(conn,
        "INSERT INTO account_link (token_hash, client_id, purpose, new_email, expires_at)"
        " VALUES (?, ?, ?, NULLIF(?, ''), NOW(3) + INTERVAL ? MINUTE)",
        sha256_hex(token), client_id, purpose, new_email, link_valid_minutes);
    return token;
}

// The live link's account, locked when `for_update` (the caller is about to use it).
std::optional<link_account> live_link(db::connection& conn, const std::string& token, const char* purpose, bool for_update) {
    static const std::string select =
        "SELECT c.id, c.email, COALESCE(l.new_email, '') FROM account_link l JOIN client c ON c.id = l.client_id"
        " WHERE l.token_hash = ? AND l.purpose = ? AND l.used_at IS NULL AND l.expires_at > NOW(3)"
        "   AND c.email IS NOT NULL AND c.password_hash IS NOT NULL";
    static const std::string locked = select + " FOR UPDATE";
    auto row = db::query(conn, for_update ? locked : select, sha256_hex(token), purpose);
    if (!row.next()) return std::nullopt;
    return link_account{row.int64(1), row.text(2), row.text(3)};
}

void mark_used(db::connection& conn, const std::string& token) {
    db::execute(conn, "UPDATE account_link SET used_at = NOW(3) WHERE token_hash = ?", sha256_hex(token));
}

}  // namespace

std::optional<std::string> create_reset_link(db::pool& pool, const std::string& email, link_account& account) {
    return db::in_transaction(pool, [&](db::connection& conn) -> std::optional<std::string> {
        auto row = db::query(conn, "SELECT id, email FROM client WHERE email = ? AND password_hash IS NOT NULL", email);
        if (!row.next()) return std::nullopt;
        account = {row.int64(1), row.text(2), ""};
        return insert_link(conn, account.client_id, reset_purpose, "");
    });
}

std::string create_email_change_link(db::pool& pool, std::int64_t client_id, const std::string& new_email) {
    return db::in_transaction(pool, [&](db::connection& conn) { return insert_link(conn, client_id, change_purpose, new_email); });
}

std::optional<link_account> find_reset_link(db::pool& pool, const std::string& token) {
    return db::with_connection(pool, [&](db::connection& conn) { return live_link(conn, token, reset_purpose, false); });
}

std::optional<link_account> find_email_change_link(db::pool& pool, const std::string& token) {
    return db::with_connection(pool, [&](db::connection& conn) { return live_link(conn, token, change_purpose, false); });
}

std::optional<link_account> use_reset_link(db::pool& pool, const std::string& token, const std::string& password_hash) {
    return db::in_transaction(pool, [&](db::connection& conn) -> std::optional<link_account> {
        auto account = live_link(conn, token, reset_purpose, true);
        if (!account) return std::nullopt;
        db::execute(conn, "UPDATE client SET password_hash = ? WHERE id = ?", password_hash, account->client_id);
        db::execute(conn,
            "UPDATE account_link SET used_at = NOW(3) WHERE client_id = ? AND purpose = ? AND used_at IS NULL",
            account->client_id, reset_purpose);
        mark_used(conn, token);
        end_other_sessions(conn, account->client_id, "");
        return account;
    });
}

email_change_result use_email_change_link(db::pool& pool, const std::string& token, link_account& account) {
    try {
        return db::in_transaction(pool, [&](db::connection& conn) {
            auto found = live_link(conn, token, change_purpose, true);
            if (!found) return email_change_result::not_live;
            account = *found;
            db::execute(conn, "UPDATE client SET email = ? WHERE id = ?", account.new_email, account.client_id);
            mark_used(conn, token);
            return email_change_result::changed;
        });
    } catch (const sql::SQLException& e) {
        if (e.getErrorCode() == 1062) return email_change_result::taken;  // another account has it by now
        throw;
    }
}

int purge_dead_links(db::pool& pool) {
    return db::in_transaction(pool, [](db::connection& conn) {
        return db::execute(conn, "DELETE FROM account_link WHERE expires_at < NOW(3) - INTERVAL 1 DAY");
    });
}

}  // namespace reserva::store
