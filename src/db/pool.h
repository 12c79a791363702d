// Connections to MariaDB: a pool of idle connections, each with its prepared statements cached,
// handed out as RAII leases. A connection that fails is thrown away, never reused, so the
// process rides out a database restart by itself.
#pragma once
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include "util/config.h"

namespace sql {
class Connection;
class PreparedStatement;
class SQLException;
}  // namespace sql

namespace reserva::db {

// The database cannot be reached (or was lost): pages answer 503 and the process stays up.
class unavailable : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class connection {
public:
    explicit connection(std::unique_ptr<sql::Connection> raw);
    ~connection();
    // The statement prepared once per connection and reused; parameters are cleared.
    sql::PreparedStatement& prepare(const std::string& sql);
    sql::Connection& raw() { return *raw_; }
    std::uint64_t generation = 0;  // the pool's generation when it was opened
    std::size_t node = 0;          // which of the pool's nodes it reaches (0: host/socket)
    bool galera = false;           // a Galera node: transactions run as db/transaction.cc says

private:
    std::unique_ptr<sql::Connection> raw_;
    std::map<std::string, std::unique_ptr<sql::PreparedStatement>> statements_;
};

class pool;

class lease {
public:
    explicit lease(pool& owner);
    ~lease();
    lease(const lease&) = delete;
    lease& operator=(const lease&) = delete;
    connection& operator*() { return *conn_; }
    connection* operator->() { return conn_.get(); }
    // The connection failed: close it instead of returning it.
    void discard();

private:
    pool& owner_;
    std::unique_ptr<connection> conn_;
};

class pool {
public:
    pool(database_settings settings, std::size_t max_idle);
    std::unique_ptr<connection> take();                // throws unavailable
    void give_back(std::unique_ptr<connection> conn);
    // A connection error suggests the server restarted: every idle connection is suspect.
    void forget_idle_connections();
    // The connection's node failed: new connections try the next node first.
    void node_failed(std::size_t node);
    // Connector/C++ wants these on every thread that uses a connection.
    static void thread_init();
    static void thread_end();

private:
    std::unique_ptr<connection> open();
    std::unique_ptr<connection> open_node(std::size_t node);
    std::size_t first_node_to_try();
    void return_to_first_node_when_due();  // with mutex_ held
    database_settings settings_;
    std::vector<std::string> nodes_;  // "" (host or socket), then [database] nodes
    std::size_t preferred_ = 0;       // the node new connections try first
    std::size_t last_opened_ = 0;     // the node of the newest connection (a change is logged)
    std::chrono::steady_clock::time_point preferred_since_{};
    std::size_t max_idle_;
    std::mutex mutex_;
    std::vector<std::unique_ptr<connection>> idle_;
    std::uint64_t generation_ = 0;
};

// MariaDB error codes that mean the connection (or the node) is gone.
bool is_connection_error(const sql::SQLException& e);
// Deadlock (1213, also Galera's certification failure), lock wait timeout (1205), and their
// AUTO-INC lock form (1467).
bool is_retryable_conflict(const sql::SQLException& e);

}  // namespace reserva::db
