#include "store/personal_data.h"

#include <nlohmann/json.hpp>

#include <memory>

#include "db/statements.h"
#include "db/transaction.h"
#include "store/accounts.h"
#include "store/addresses.h"
#include "store/cart_rows.h"
#include "store/holds.h"
#include "store/orders.h"
#include "util/digest.h"

namespace reserva::store {
namespace {

using json = nlohmann::json;

std::string text(const db::result& row, int column) { return row.is_null(column) ? "" : row.text(column); }

json address_json(const address& a) {
    return {{"street", a.street},       {"number", a.number}, {"complement", a.complement},
            {"neighborhood", a.neighborhood}, {"city", a.city}, {"state", a.state}, {"zip", a.zip}};
}

// Times as ISO 8601 in UTC, the way a machine reader expects them.
const char* const iso = "'%Y-%m-%dT%H:%i:%sZ'";

json account_json(db::connection& conn, std::int64_t client_id) {
    auto row = db::query(conn,
        std::string("SELECT email, name, DATE_FORMAT(created_at, ") + iso + ") FROM client WHERE id = ?", client_id);
    if (!row.next()) return json::object();
    return {{"email", text(row, 1)}, {"name", text(row, 2)}, {"created_at", text(row, 3)}};
}

json payments_json(db::connection& conn, std::int64_t client_id) {
    // The gateway's own payment id is the shopper's receipt number there; the store's reference,
    // link and credentials are not personal data and stay out.
    auto rows = db::query(conn,
        std::string("SELECT order_id, status, total_cents, currency, COALESCE(gateway_payment_id, ''),"
        " COALESCE(client_address, ''),") +
        " DATE_FORMAT(created_at, " + iso + "), COALESCE(DATE_FORMAT(finished_at, " + iso +
        "), '') FROM payment WHERE client_id = ? ORDER BY id", client_id);
    json by_order = json::object();
    while (rows.next())
        by_order[std::to_string(rows.int64(1))].push_back({{"status", text(rows, 2)},
                                                               {"total_cents", rows.int64(3)},
                                                               {"currency", text(rows, 4)},
                                                               {"gateway_payment_id", text(rows, 5)},
                                                               {"confirmed_from_address", text(rows, 6)},
                                                               {"created_at", text(rows, 7)},
                                                               {"finished_at", text(rows, 8)}});
    return by_order;
}

json sessions_json(db::connection& conn, std::int64_t client_id, const std::string& current_token) {
    auto rows = db::query(conn,
        std::string("SELECT DATE_FORMAT(created_at, ") + iso + "), DATE_FORMAT(last_used_at, " + iso +
        "), DATE_FORMAT(expires_at, " + iso + "), token_hash = ? FROM login_session WHERE client_id = ?"
        " ORDER BY created_at", sha256_hex(current_token), client_id);
    json sessions = json::array();
    while (rows.next())
        sessions.push_back({{"signed_in_at", text(rows, 1)},
                            {"last_used_at", text(rows, 2)},
                            {"ends_at", text(rows, 3)},
                            {"this_browser", rows.boolean(4)}});
    return sessions;
}

// Strips e-mail and address from the orders `where` selects (one parameter, bound as text).
int strip_orders(db::connection& conn, const char* where, const std::string& value) {
    // The purchase e-mails' recipients of those orders go first, while the orders still say whose.
    // (The store's own copy goes to the store's address: it stays.)
    db::execute(conn,
        std::string("UPDATE mail_outbox m JOIN shop_order o ON o.id = m.order_id SET m.recipient = ''"
        " WHERE m.kind <> 'store_copy' AND ") + where, value);
    // The client address each payment was confirmed from is personal data too.
    db::execute(conn,
        std::string("UPDATE payment p JOIN shop_order o ON o.id = p.order_id SET p.client_address = NULL"
        " WHERE ") + where, value);
    return db::execute(conn,
        std::string(
        "UPDATE shop_order o SET o.email = NULL, o.ship_street = NULL, o.ship_number = NULL, o.ship_complement = NULL,"
        " o.ship_neighborhood = NULL, o.ship_city = NULL, o.ship_state = NULL, o.ship_zip = NULL WHERE ") + where,
        value);
}

// Account e-mails to that address: unsent ones are dropped, sent ones forget the recipient.
void forget_mail_to(db::connection& conn, const std::string& email) {
    db::execute(conn, "DELETE FROM mail_outbox WHERE order_id IS NULL AND sent_at IS NULL AND recipient = ?", email);
    db::execute(conn, "UPDATE mail_outbox SET recipient = '' WHERE order_id IS NULL AND recipient = ?", email);
}

}  // namespace

std::string personal_data_json(db::pool& pool, std::int64_t client_id, const std::string& current_token) {
    json data = db::with_connection(pool, [&](db::connection& conn) {
        json out = account_json(conn, client_id);
        out["payments_by_order"] = payments_json(conn, client_id);
        out["sessions"] = sessions_json(conn, client_id, current_token);
        return out;
    });
    json payments = data["payments_by_order"];
    data.erase("payments_by_order");
    data["addresses"] = json::array();
    for (auto& saved : list_addresses(pool, client_id)) data["addresses"].push_back(address_json(saved.fields));
    data["orders"] = json::array();
    for (auto& order : finished_orders(pool, client_id)) {
        json lines = json::array();
        for (auto& line : order.lines)
            lines.push_back({{"product", line.product_name}, {"color", line.color_name}, {"size", line.size},
                             {"quantity", line.quantity}, {"unit_price_cents", line.unit_price}});
        json refunds = json::array();
        for (auto& refund : order.refunds)
            refunds.push_back({{"amount_cents", refund.amount}, {"reason", refund.reason}, {"done", refund.done}});
        std::string key = std::to_string(order.id);
        data["orders"].push_back({{"id", order.id},
                                  {"state", order.state},  // as the back office and /my_orders/ say it
                                  {"paid_at", order.finished_at},
                                  {"carrier", order.carrier},
                                  {"tracking", order.tracking},
                                  {"shipped_at", order.shipped_at},
                                  {"delivered_at", order.delivered_at},
                                  {"total_cents", order.total},
                                  {"email", order.email},
                                  {"ship_to", address_json(order.ship_to)},
                                  {"lines", lines},
                                  {"refunds", refunds},
                                  {"payments", payments.contains(key) ? payments[key] : json::array()}});
    }
    return data.dump(2);
}

std::string password_hash_of(db::pool& pool, std::int64_t client_id) {
    return db::with_connection(pool, [&](db::connection& conn) {
        auto row = db::query(conn, "SELECT COALESCE(password_hash, '') FROM client WHERE id = ?", client_id);
        return row.next() ? row.text(1) : std::string();
    });
}

void change_password(db::pool& pool, std::int64_t client_id, const std::string& password_hash, const std::string& keep_token) {
    db::in_transaction(pool, [&](db::connection& conn) {
        db::execute(conn, "UPDATE client SET password_hash = ? WHERE id = ?", password_hash, client_id);
        end_other_sessions(conn, client_id, keep_token);
    });
}

erasure delete_account(db::pool& pool, std::int64_t client_id) {
    return db::in_transaction(pool, [&](db::connection& conn) {
        erasure done;
        rows::lock_client(conn, client_id);
        auto row = db::query(conn, "SELECT COALESCE(email, '') FROM client WHERE id = ?", client_id);
        std::string email = row.next() ? row.text(1) : std::string();
        done.links = expire_unfinished_payments(conn, client_id);
        if (auto cart = rows::open_order(conn, client_id, false)) {
            holds::release_order(conn, cart);
            db::execute(conn, "DELETE FROM ordered_item WHERE order_id = ?", cart);
        }
        done.orders_stripped = strip_orders(conn, "o.client_id = ?", std::to_string(client_id));
        done.addresses_removed = db::execute(conn, "DELETE FROM address WHERE client_id = ?", client_id);
        for (const char* statement : {"DELETE FROM login_session WHERE client_id = ?", "DELETE FROM account_link WHERE client_id = ?"}) {
            db::execute(conn, statement, client_id);
        }
        if (!email.empty()) forget_mail_to(conn, email);
        db::execute(conn,
            "UPDATE client SET email = NULL, name = '', password_hash = NULL, session_key = NULL WHERE id = ?",
            client_id);
        return done;
    });
}

erasure erase_guest_data(db::pool& pool, const std::string& email) {
    return db::in_transaction(pool, [&](db::connection& conn) {
        erasure done;
        done.addresses_removed = db::execute(conn,
            "DELETE a FROM address a JOIN client c ON c.id = a.client_id AND c.email IS NULL"
            " WHERE a.client_id IN (SELECT client_id FROM shop_order WHERE email = ?)", email);
        done.orders_stripped =
            strip_orders(conn, "o.email = ? AND o.client_id IN (SELECT id FROM client WHERE email IS NULL)", email);
        forget_mail_to(conn, email);
        return done;
    });
}

bool account_exists(db::pool& pool, const std::string& email) {
    return db::with_connection(pool, [&](db::connection& conn) {
        auto row = db::query(conn, "SELECT 1 FROM client WHERE email = ?", email);
        return row.next();
    });
}

}  // namespace reserva::store
