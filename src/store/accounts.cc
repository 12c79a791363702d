#include "store/accounts.h"

#include <cppconn/exception.h>

#include <algorithm>
#include <memory>

#include "db/statements.h"
#include "db/transaction.h"
#include "store/cart_rows.h"
#include "util/digest.h"
#include "util/password.h"
#include "util/random.h"
#include "store/holds.h"
#include "store/payment_links.h"
#include "store/throttle.h"

namespace reserva::store {

register_result register_account(db::pool& pool, const std::string& email, const std::string& name,
                                 const std::string& password_hash, std::int64_t& client_id) {
    try {
        client_id = db::in_transaction(pool, [&](db::connection& conn) {
            db::execute(conn,
                "INSERT INTO client (email, name, password_hash) VALUES (?, ?, ?)", email, name, password_hash);
            return db::last_insert_id(conn);
        });
        return register_result::created;
    } catch (const sql::SQLException& e) {
        if (e.getErrorCode() == 1062) return register_result::email_taken;
        throw;
    }
}

login_attempt check_login(db::pool& pool, const std::string& email, const std::string& password,
                          const std::string& client_address) {
    login_attempt attempt;
    std::string pair = throttle::pair_key(email, client_address);
    attempt.wait_seconds = throttle::count_attempt(pool, throttle::login_address, client_address);
    if (!attempt.wait_seconds) {
        attempt.wait_seconds = throttle::count_attempt(pool, throttle::login_pair, pair);
        if (attempt.wait_seconds) throttle::give_back(pool, throttle::login_address, client_address);
    }
    if (attempt.wait_seconds) {
        attempt.result = login_attempt::kind::throttled;
        return attempt;
    }
    auto account = db::with_connection(pool, [&](db::connection& conn) -> std::optional<std::pair<std::int64_t, std::string>> {
        auto row = db::query(conn,
            "SELECT id, password_hash FROM client WHERE email = ? AND password_hash IS NOT NULL", email);
        if (!row.next()) return std::nullopt;
        return std::make_pair(row.int64(1), row.text(2));
    });
    bool good = false;
    try {
        if (account) good = verify_password(password, account->second);
        else spend_password_time(password);
    } catch (const password_busy&) {
        // Not checked at all (the caller answers 503): the owner's retry must not cost an attempt.
        throttle::give_back(pool, throttle::login_pair, pair);
        throttle::give_back(pool, throttle::login_address, client_address);
        throw;
    }
    if (!good) return attempt;  // already counted
    throttle::clear(pool, throttle::login_pair, pair);
    throttle::give_back(pool, throttle::login_address, client_address);
    attempt.result = login_attempt::kind::ok;
    attempt.client_id = account->first;
    return attempt;
}

std::string create_session(db::pool& pool, std::int64_t client_id, int days) {
    std::string token = random_hex(16);
    db::in_transaction(pool, [&](db::connection& conn) {
        db::execute(conn,
            "INSERT INTO login_session (token_hash, client_id, expires_at) VALUES (?, ?, NOW(3) + INTERVAL ? DAY)",
            sha256_hex(token), client_id, days);
    });
    return token;
}

std::optional<account_shopper> find_signed_in_shopper(db::pool& pool, const std::string& token, shopper_lines* lines) {
    return db::with_connection(pool, [&](db::connection& conn) -> std::optional<account_shopper> {
        static const char* const from = "login_session ls JOIN client who ON who.id = ls.client_id";
        static const std::string where = "ls.token_hash = ? AND ls.expires_at > NOW(3) AND ls.last_used_at > NOW(3) - INTERVAL " +
                                         std::to_string(session_idle_days) + " DAY";
        // The last column says whether last_used_at is worth refreshing (once a minute at most).
        static const char* const columns = ", who.email, who.name, ls.last_used_at < NOW(3) - INTERVAL 1 MINUTE";
        static const std::string statements[2] = {shopper_query(columns, from, where.c_str(), false),
                                                  shopper_query(columns, from, where.c_str(), true)};
        std::string token_hash = sha256_hex(token);
        auto rows = db::query(conn, statements[lines ? 1 : 0], token_hash);
        if (!rows.next()) return std::nullopt;
        std::string email = rows.text(4), name = rows.text(5);
        bool stale = rows.boolean(6);
        account_shopper found{collect_shopper(conn, rows.raw(), 7, lines), email, name};
        if (stale) {
            // Autocommit, outside any transaction: a lost refresh only costs a minute of idle time.
            db::execute(conn, "UPDATE login_session SET last_used_at = NOW(3) WHERE token_hash = ?", token_hash);
        }
        return found;
    });
}

void delete_session(db::pool& pool, const std::string& token) {
    db::in_transaction(pool, [&](db::connection& conn) {
        db::execute(conn, "DELETE FROM login_session WHERE token_hash = ?", sha256_hex(token));
    });
}

void end_other_sessions(db::connection& conn, std::int64_t client_id, const std::string& keep_token) {
    db::execute(conn,
        "DELETE FROM login_session WHERE client_id = ? AND token_hash <> ?",
        client_id, keep_token.empty() ? std::string() : sha256_hex(keep_token));
}

int purge_ended_sessions(db::pool& pool) {
    return db::in_transaction(pool, [](db::connection& conn) {
        return db::execute(conn,
            "DELETE FROM login_session WHERE expires_at < NOW(3) OR last_used_at < NOW(3) - INTERVAL ? DAY",
            session_idle_days);
    });
}

std::vector<link_to_expire> expire_unfinished_payments(db::connection& conn, std::int64_t client_id) {
    std::vector<link_to_expire> links;
    auto found = db::query(conn,
        "SELECT id, COALESCE(preference_id, '') FROM payment WHERE client_id = ? AND status IN ('creating', 'open')",
        client_id);
    while (found.next()) links.push_back({found.int64(1), found.text(2)});
    for (auto& link : links) payment_links::mark_expired(conn, link.payment_id);
    return links;
}

std::vector<link_to_expire> merge_anonymous_cart(db::pool& pool, std::int64_t anonymous_client, std::int64_t account_client) {
    return db::in_transaction(pool, [&](db::connection& conn) {
        // Both clients' rows, in ascending id order like every multi-row lock.
        rows::lock_client(conn, std::min(anonymous_client, account_client));
        rows::lock_client(conn, std::max(anonymous_client, account_client));
        std::vector<link_to_expire> links;
        auto anonymous_order = rows::open_order(conn, anonymous_client, false);
        if (!anonymous_order) return links;

        links = expire_unfinished_payments(conn, anonymous_client);
        holds::release_order(conn, anonymous_order);

        auto anonymous_cart = rows::read_cart(conn, anonymous_client);
        if (anonymous_cart.lines.empty()) return links;
        auto account_order = rows::open_order(conn, account_client, true);
        for (auto& line : anonymous_cart.lines)
            db::execute(conn,
                "INSERT INTO ordered_item (order_id, item_stock_id, quantity) VALUES (?, ?, ?)"
                " ON DUPLICATE KEY UPDATE quantity = quantity + VALUES(quantity)",
                account_order, line.stock_id, line.quantity);
        db::execute(conn, "DELETE FROM ordered_item WHERE order_id = ?", anonymous_order);
        // The sum may exceed what is available: clamp like the cart page does.
        for (auto& line : rows::read_cart(conn, account_client).lines)
            if (line.quantity > line.available) rows::set_line_quantity(conn, account_order, line.stock_id, line.available);
        holds::release_order(conn, account_order);
        return links;
    });
}

}  // namespace reserva::store
