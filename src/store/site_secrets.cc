#include "store/site_secrets.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>

#include "db/transaction.h"

namespace reserva::store {

const std::string& site_secret(db::pool& pool, const std::string& name) {
    static std::mutex guard;
    static std::map<std::string, std::string> known;  // entries are never erased: references stay valid
    {
        std::lock_guard<std::mutex> lock(guard);
        auto found = known.find(name);
        if (found != known.end()) return found->second;
    }
    std::string secret = db::with_connection(pool, [&](db::connection& conn) {
        auto& query = conn.prepare("SELECT HEX(secret) FROM site_secret WHERE name = ?");
        query.setString(1, name);
        std::unique_ptr<sql::ResultSet> row(query.executeQuery());
        if (!row->next()) throw std::runtime_error("the database has no '" + name + "' secret: run reservactl migrate");
        return std::string(row->getString(1));
    });
    if (secret.size() < 32) throw std::runtime_error("the '" + name + "' secret is too short");
    std::lock_guard<std::mutex> lock(guard);
    return known.emplace(name, std::move(secret)).first->second;
}

}  // namespace reserva::store
