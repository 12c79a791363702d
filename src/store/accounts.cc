#include "store/accounts.h"

#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <openssl/sha.h>

#include <algorithm>
#include <memory>

#include "db/statements.h"
#include "db/transaction.h"
#include "store/cart_rows.h"
#include "util/password.h"
#include "util/random.h"
#include "store/holds.h"

namespace reserva::store {
namespace {

constexpr int max_failures = 5;
constexpr int lock_minutes = 15;

std::string sha256_hex(const std::string& text) {
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest);
    static const char hex[] = "0123456789abcdef";
    std::string out;
    for (unsigned char b : digest) {
        out += hex[b >> 4];
        out += hex[b & 15];
    }
    return out;
}

bool is_locked(db::pool& pool, const std::string& email) {
    return db::with_connection(pool, [&](db::connection& conn) {
        auto& query = conn.prepare("SELECT locked_until > NOW(3) FROM login_failure WHERE email = ?");
        query.setString(1, email);
        std::unique_ptr<sql::ResultSet> row(query.executeQuery());
        return row->next() && !row->isNull(1) && row->getBoolean(1);
    });
}

void record_failure(db::pool& pool, const std::string& email) {
    db::in_transaction(pool, [&](db::connection& conn) {
        // A failure older than the window starts a new count.
        auto& upsert = conn.prepare(
            "INSERT INTO login_failure (email, failures, first_failure_at) VALUES (?, 1, NOW(3))"
            " ON DUPLICATE KEY UPDATE"
            "  failures = IF(first_failure_at < NOW(3) - INTERVAL ? MINUTE, 1, failures + 1),"
            "  first_failure_at = IF(first_failure_at < NOW(3) - INTERVAL ? MINUTE, NOW(3), first_failure_at)");
        upsert.setString(1, email);
        upsert.setInt(2, lock_minutes);
        upsert.setInt(3, lock_minutes);
        upsert.executeUpdate();
        auto& lock = conn.prepare(
            "UPDATE login_failure SET locked_until = NOW(3) + INTERVAL ? MINUTE, failures = 0 WHERE email = ? AND failures >= ?");
        lock.setInt(1, lock_minutes);
        lock.setString(2, email);
        lock.setInt(3, max_failures);
        lock.executeUpdate();
    });
}

void clear_failures(db::pool& pool, const std::string& email) {
    db::in_transaction(pool, [&](db::connection& conn) {
        auto& clear = conn.prepare("DELETE FROM login_failure WHERE email = ?");
        clear.setString(1, email);
        clear.executeUpdate();
    });
}

}  // namespace

register_result register_account(db::pool& pool, const std::string& email, const std::string& name,
                                 const std::string& password_hash, std::int64_t& client_id) {
    try {
        client_id = db::in_transaction(pool, [&](db::connection& conn) {
            auto& insert = conn.prepare("INSERT INTO client (email, name, password_hash) VALUES (?, ?, ?)");
            insert.setString(1, email);
            insert.setString(2, name);
            insert.setString(3, password_hash);
            insert.executeUpdate();
            return db::last_insert_id(conn);
        });
        return register_result::created;
    } catch (const sql::SQLException& e) {
        if (e.getErrorCode() == 1062) return register_result::email_taken;
        throw;
    }
}

login_attempt check_login(db::pool& pool, const std::string& email, const std::string& password) {
    login_attempt attempt;
    if (is_locked(pool, email)) {
        spend_password_time(password);
        attempt.result = login_attempt::kind::locked;
        return attempt;
    }
    auto account = db::with_connection(pool, [&](db::connection& conn) -> std::optional<std::pair<std::int64_t, std::string>> {
        auto& query = conn.prepare("SELECT id, password_hash FROM client WHERE email = ? AND password_hash IS NOT NULL");
        query.setString(1, email);
        std::unique_ptr<sql::ResultSet> row(query.executeQuery());
        if (!row->next()) return std::nullopt;
        return std::make_pair(row->getInt64(1), std::string(row->getString(2)));
    });
    bool good = false;
    if (account) good = verify_password(password, account->second);
    else spend_password_time(password);
    if (!good) {
        record_failure(pool, email);
        return attempt;
    }
    clear_failures(pool, email);
    attempt.result = login_attempt::kind::ok;
    attempt.client_id = account->first;
    return attempt;
}

std::string create_session(db::pool& pool, std::int64_t client_id, int days) {
    std::string token = random_hex(16);
    db::in_transaction(pool, [&](db::connection& conn) {
        auto& insert = conn.prepare(
            "INSERT INTO login_session (token_hash, client_id, expires_at) VALUES (?, ?, NOW(3) + INTERVAL ? DAY)");
        insert.setString(1, sha256_hex(token));
        insert.setInt64(2, client_id);
        insert.setInt(3, days);
        insert.executeUpdate();
    });
    return token;
}

std::optional<account_shopper> find_signed_in_shopper(db::pool& pool, const std::string& token, cart* lines) {
    return db::with_connection(pool, [&](db::connection& conn) -> std::optional<account_shopper> {
        static const char* const from = "login_session ls JOIN client who ON who.id = ls.client_id";
        static const char* const where = "ls.token_hash = ? AND ls.expires_at > NOW(3)";
        static const std::string statements[2] = {shopper_query(", who.email, who.name", from, where, false),
                                                  shopper_query(", who.email, who.name", from, where, true)};
        auto& query = conn.prepare(statements[lines ? 1 : 0]);
        query.setString(1, sha256_hex(token));
        std::unique_ptr<sql::ResultSet> rows(query.executeQuery());
        if (!rows->next()) return std::nullopt;
        std::string email = rows->getString(3), name = rows->getString(4);
        return account_shopper{collect_shopper(conn, *rows, 5, lines), email, name};
    });
}

void delete_session(db::pool& pool, const std::string& token) {
    db::in_transaction(pool, [&](db::connection& conn) {
        auto& remove = conn.prepare("DELETE FROM login_session WHERE token_hash = ?");
        remove.setString(1, sha256_hex(token));
        remove.executeUpdate();
    });
}

std::vector<link_to_expire> merge_anonymous_cart(db::pool& pool, std::int64_t anonymous_client, std::int64_t account_client) {
    return db::in_transaction(pool, [&](db::connection& conn) {
        // Both clients' rows, in ascending id order like every multi-row lock.
        rows::lock_client(conn, std::min(anonymous_client, account_client));
        rows::lock_client(conn, std::max(anonymous_client, account_client));
        std::vector<link_to_expire> links;
        auto anonymous_order = rows::open_order(conn, anonymous_client, false);
        if (!anonymous_order) return links;

        auto& unfinished = conn.prepare(
            "SELECT id, COALESCE(preference_id, '') FROM payment WHERE client_id = ? AND status IN ('creating', 'open')");
        unfinished.setInt64(1, anonymous_client);
        std::unique_ptr<sql::ResultSet> found(unfinished.executeQuery());
        while (found->next()) links.push_back({found->getInt64(1), found->getString(2)});
        for (auto& link : links) {
            auto& expire = conn.prepare("UPDATE payment SET status = 'expired' WHERE id = ?");
            expire.setInt64(1, link.payment_id);
            expire.executeUpdate();
        }
        holds::release_order(conn, anonymous_order);

        auto anonymous_cart = rows::read_cart(conn, anonymous_client);
        if (anonymous_cart.lines.empty()) return links;
        auto account_order = rows::open_order(conn, account_client, true);
        auto& add = conn.prepare(
            "INSERT INTO ordered_item (order_id, item_stock_id, quantity) VALUES (?, ?, ?)"
            " ON DUPLICATE KEY UPDATE quantity = quantity + VALUES(quantity)");
        for (auto& line : anonymous_cart.lines) {
            add.setInt64(1, account_order);
            add.setInt64(2, line.stock_id);
            add.setInt(3, line.quantity);
            add.executeUpdate();
        }
        auto& empty = conn.prepare("DELETE FROM ordered_item WHERE order_id = ?");
        empty.setInt64(1, anonymous_order);
        empty.executeUpdate();
        // The sum may exceed what is available: clamp like the cart page does.
        for (auto& line : rows::read_cart(conn, account_client).lines)
            if (line.quantity > line.available) rows::set_line_quantity(conn, account_order, line.stock_id, line.available);
        holds::release_order(conn, account_order);
        return links;
    });
}

}  // namespace reserva::store
