#include "store/addresses.h"

#include "db/statements.h"
#include "db/transaction.h"
#include "store/cart_rows.h"

namespace reserva::store {
namespace {

const char* const columns = "street, number, complement, neighborhood, city, state, zip";

address read_fields(const db::result& row, int first) {
    return {row.text(first), row.text(first + 1), row.text(first + 2), row.text(first + 3),
            row.text(first + 4), row.text(first + 5), row.text(first + 6)};
}

}  // namespace

std::vector<saved_address> list_addresses(db::pool& pool, std::int64_t client_id) {
    return db::with_connection(pool, [&](db::connection& conn) {
        auto rows = db::query(conn,
            std::string("SELECT id, ") + columns + " FROM address WHERE client_id = ? ORDER BY id", client_id);
        std::vector<saved_address> found;
        while (rows.next()) found.push_back({rows.int64(1), read_fields(rows, 2)});
        return found;
    });
}

std::optional<address> find_address(db::pool& pool, std::int64_t client_id, std::int64_t address_id) {
    return db::with_connection(pool, [&](db::connection& conn) -> std::optional<address> {
        auto row = db::query(conn,
            std::string("SELECT ") + columns + " FROM address WHERE id = ? AND client_id = ?", address_id, client_id);
        if (!row.next()) return std::nullopt;
        return read_fields(row, 1);
    });
}

std::int64_t add_address(db::pool& pool, std::int64_t client_id, const address& a) {
    return db::in_transaction(pool, [&](db::connection& conn) {
        // The same address again (a checkout sent twice, a shopper back from the gateway) is
        // the entry already there; the client's lock keeps two such requests from both adding.
        rows::lock_client(conn, client_id);
        auto found = db::query(conn,
            "SELECT id FROM address WHERE client_id = ? AND street = ? AND number = ? AND complement = ?"
            " AND neighborhood = ? AND city = ? AND state = ? AND zip = ? ORDER BY id LIMIT 1",
            client_id, a.street, a.number, a.complement, a.neighborhood, a.city, a.state, a.zip);
        if (found.next()) return found.int64(1);
        db::execute(conn, std::string("INSERT INTO address (client_id, ") + columns + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    client_id, a.street, a.number, a.complement, a.neighborhood, a.city, a.state, a.zip);
        return db::last_insert_id(conn);
    });
}

bool update_address(db::pool& pool, std::int64_t client_id, std::int64_t address_id, const address& a) {
    return db::in_transaction(pool, [&](db::connection& conn) {
        // MariaDB counts matched rows only when they changed; check ownership separately.
        db::execute(conn,
            "UPDATE address SET street = ?, number = ?, complement = ?, neighborhood = ?, city = ?, state = ?, zip = ?"
            " WHERE id = ? AND client_id = ?",
            a.street, a.number, a.complement, a.neighborhood, a.city, a.state, a.zip, address_id, client_id);
        auto row = db::query(conn, "SELECT id FROM address WHERE id = ? AND client_id = ?", address_id, client_id);
        return row.next();
    });
}

bool delete_address(db::pool& pool, std::int64_t client_id, std::int64_t address_id) {
    return db::in_transaction(pool, [&](db::connection& conn) {
        return db::execute(conn, "DELETE FROM address WHERE id = ? AND client_id = ?", address_id, client_id) > 0;
    });
}

}  // namespace reserva::store
