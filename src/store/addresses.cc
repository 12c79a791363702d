#include "store/addresses.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>

#include "db/statements.h"
#include "db/transaction.h"
#include "store/cart_rows.h"

namespace reserva::store {
namespace {

const char* const columns = "street, number, complement, neighborhood, city, state, zip";

address read_fields(sql::ResultSet& row, int first) {
    return {row.getString(first), row.getString(first + 1), row.getString(first + 2), row.getString(first + 3),
            row.getString(first + 4), row.getString(first + 5), row.getString(first + 6)};
}

void bind_fields(sql::PreparedStatement& statement, int first, const address& a) {
    const std::string* values[] = {&a.street, &a.number, &a.complement, &a.neighborhood, &a.city, &a.state, &a.zip};
    for (int i = 0; i < 7; ++i) statement.setString(first + i, *values[i]);
}

}  // namespace

std::vector<saved_address> list_addresses(db::pool& pool, std::int64_t client_id) {
    return db::with_connection(pool, [&](db::connection& conn) {
        auto& query = conn.prepare(std::string("SELECT id, ") + columns + " FROM address WHERE client_id = ? ORDER BY id");
        query.setInt64(1, client_id);
        std::unique_ptr<sql::ResultSet> rows(query.executeQuery());
        std::vector<saved_address> found;
        while (rows->next()) found.push_back({rows->getInt64(1), read_fields(*rows, 2)});
        return found;
    });
}

std::optional<address> find_address(db::pool& pool, std::int64_t client_id, std::int64_t address_id) {
    return db::with_connection(pool, [&](db::connection& conn) -> std::optional<address> {
        auto& query = conn.prepare(std::string("SELECT ") + columns + " FROM address WHERE id = ? AND client_id = ?");
        query.setInt64(1, address_id);
        query.setInt64(2, client_id);
        std::unique_ptr<sql::ResultSet> row(query.executeQuery());
        if (!row->next()) return std::nullopt;
        return read_fields(*row, 1);
    });
}

std::int64_t add_address(db::pool& pool, std::int64_t client_id, const address& a) {
    return db::in_transaction(pool, [&](db::connection& conn) {
        // The same address again (a checkout sent twice, a shopper back from the gateway) is
        // the entry already there; the client's lock keeps two such requests from both adding.
        rows::lock_client(conn, client_id);
        auto& same = conn.prepare(
            "SELECT id FROM address WHERE client_id = ? AND street = ? AND number = ? AND complement = ?"
            " AND neighborhood = ? AND city = ? AND state = ? AND zip = ? ORDER BY id LIMIT 1");
        same.setInt64(1, client_id);
        bind_fields(same, 2, a);
        std::unique_ptr<sql::ResultSet> found(same.executeQuery());
        if (found->next()) return static_cast<std::int64_t>(found->getInt64(1));
        auto& insert = conn.prepare(std::string("INSERT INTO address (client_id, ") + columns +
                                    ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        insert.setInt64(1, client_id);
        bind_fields(insert, 2, a);
        insert.executeUpdate();
        return db::last_insert_id(conn);
    });
}

bool update_address(db::pool& pool, std::int64_t client_id, std::int64_t address_id, const address& a) {
    return db::in_transaction(pool, [&](db::connection& conn) {
        auto& update = conn.prepare(
            "UPDATE address SET street = ?, number = ?, complement = ?, neighborhood = ?, city = ?, state = ?, zip = ?"
            " WHERE id = ? AND client_id = ?");
        bind_fields(update, 1, a);
        update.setInt64(8, address_id);
        update.setInt64(9, client_id);
        // MariaDB counts matched rows only when they changed; check ownership separately.
        update.executeUpdate();
        auto& owned = conn.prepare("SELECT id FROM address WHERE id = ? AND client_id = ?");
        owned.setInt64(1, address_id);
        owned.setInt64(2, client_id);
        std::unique_ptr<sql::ResultSet> row(owned.executeQuery());
        return row->next();
    });
}

bool delete_address(db::pool& pool, std::int64_t client_id, std::int64_t address_id) {
    return db::in_transaction(pool, [&](db::connection& conn) {
        auto& remove = conn.prepare("DELETE FROM address WHERE id = ? AND client_id = ?");
        remove.setInt64(1, address_id);
        remove.setInt64(2, client_id);
        return remove.executeUpdate() > 0;
    });
}

}  // namespace reserva::store
