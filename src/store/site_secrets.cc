#include "store/site_secrets.h"

#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>

#include "db/statements.h"
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
        auto row = db::query(conn, "SELECT HEX(secret) FROM site_secret WHERE name = ?", name);
        if (!row.next()) throw std::runtime_error("the database has no '" + name + "' secret: run reservactl migrate");
        return row.text(1);
    });
    if (secret.size() < 32) throw std::runtime_error("the '" + name + "' secret is too short");
    std::lock_guard<std::mutex> lock(guard);
    return known.emplace(name, std::move(secret)).first->second;
}

}  // namespace reserva::store
