#include "db/migrations.h"

#include <dirent.h>

#include <algorithm>
#include <cppconn/prepared_statement.h>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <stdexcept>

#include "db/statements.h"
#include "db/transaction.h"
#include "util/text.h"

namespace reserva::db {

std::vector<migration_file> list_migrations(const std::string& dir) {
    std::unique_ptr<DIR, int (*)(DIR*)> folder(opendir(dir.c_str()), closedir);
    if (!folder) throw std::runtime_error("cannot open the migrations folder " + dir);
    std::vector<migration_file> files;
    while (auto* entry = readdir(folder.get())) {
        std::string name = entry->d_name;
        if (name.size() < 9 || name.substr(name.size() - 4) != ".sql" || name[3] != '_') continue;
        auto version = parse_int64(name.substr(0, 3));
        if (!version) continue;
        files.push_back({static_cast<int>(*version), name, dir + "/" + name});
    }
    std::sort(files.begin(), files.end(), [](auto& a, auto& b) { return a.version < b.version; });
    for (std::size_t i = 1; i < files.size(); ++i)
        if (files[i].version == files[i - 1].version)
            throw std::runtime_error("two migrations share version " + std::to_string(files[i].version));
    return files;
}

std::vector<std::string> split_sql_statements(std::string_view text) {
    std::vector<std::string> statements;
    std::string current;
    for (auto raw_line : split(text, '\n')) {
        auto line = trim(raw_line);
        if (line.empty() || starts_with(line, "--")) continue;
        current += std::string(line) + "\n";
        if (line.back() == ';') {
            current.erase(current.find_last_of(';'));
            statements.push_back(current);
            current.clear();
        }
    }
    if (!std::string(trim(current)).empty()) statements.push_back(current);
    return statements;
}

namespace {

std::string read_file(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::set<int> applied_versions(connection& conn) {
    conn.prepare(
            "CREATE TABLE IF NOT EXISTS schema_migration ("
            " version INT NOT NULL PRIMARY KEY,"
            " name VARCHAR(200) NOT NULL,"
            " applied_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)"
            ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4")
        .execute();
    std::set<int> versions;
    auto rows = db::query(conn, "SELECT version FROM schema_migration");
    while (rows.next()) versions.insert(rows.int32(1));
    return versions;
}

// Released by the destructor whatever happens, so a failed migration never leaves the lock held.
struct named_lock {
    connection& conn;
    explicit named_lock(connection& c) : conn(c) {
        auto got = db::query(conn, "SELECT GET_LOCK('reserva_migrate', 60)");
        if (!got.next() || got.int32(1) != 1)
            throw std::runtime_error("another host is migrating the schema; try again in a minute");
    }
    ~named_lock() {
        try {
            auto ignored = db::query(conn, "SELECT RELEASE_LOCK('reserva_migrate')");
        } catch (const sql::SQLException&) {
        }
    }
};

}  // namespace

std::vector<std::string> apply_migrations(pool& p, const std::string& dir) {
    auto files = list_migrations(dir);
    lease conn(p);
    named_lock lock(*conn);
    auto done = applied_versions(*conn);
    std::vector<std::string> applied;
    for (auto& file : files) {
        if (done.count(file.version)) continue;
        for (auto& statement : split_sql_statements(read_file(file.path))) {
            try {
                conn->prepare(statement).execute();
            } catch (const sql::SQLException& e) {
                throw std::runtime_error(file.name + ": " + e.what());
            }
        }
        db::execute(*conn, "INSERT INTO schema_migration (version, name) VALUES (?, ?)", file.version, file.name);
        applied.push_back(file.name);
    }
    return applied;
}

}  // namespace reserva::db
