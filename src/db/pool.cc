#include "db/pool.h"

#include <cppconn/connection.h>
#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <mysql_driver.h>

#include "util/log.h"

namespace reserva::db {

connection::connection(std::unique_ptr<sql::Connection> raw) : raw_(std::move(raw)) {}
connection::~connection() = default;

sql::PreparedStatement& connection::prepare(const std::string& sql) {
    auto found = statements_.find(sql);
    if (found == statements_.end())
        found = statements_.emplace(sql, std::unique_ptr<sql::PreparedStatement>(raw_->prepareStatement(sql))).first;
    found->second->clearParameters();
    return *found->second;
}

lease::lease(pool& owner) : owner_(owner), conn_(owner.take()) {}

lease::~lease() {
    if (conn_) owner_.give_back(std::move(conn_));
}

void lease::discard() {
    owner_.node_failed(conn_->node);
    conn_.reset();
    owner_.forget_idle_connections();
}

pool::pool(database_settings settings, std::size_t max_idle)
    : settings_(std::move(settings)), max_idle_(max_idle) {
    nodes_.push_back("");
    for (auto& node : settings_.nodes) nodes_.push_back(node);
    sql::mysql::get_mysql_driver_instance();  // its first call is not thread-safe
}

void pool::thread_init() { sql::mysql::get_mysql_driver_instance()->threadInit(); }
void pool::thread_end() { sql::mysql::get_mysql_driver_instance()->threadEnd(); }

std::unique_ptr<connection> pool::take() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (!idle_.empty()) {
            auto conn = std::move(idle_.back());
            idle_.pop_back();
            return conn;
        }
    }
    return open();
}

void pool::give_back(std::unique_ptr<connection> conn) {
    std::lock_guard<std::mutex> lock(mutex_);
    return_to_first_node_when_due();
    // A connection to a node other than the preferred one is closed, not kept: after a failover
    // the host moves back to its own node as its connections come back.
    if (conn->generation == generation_ && conn->node == preferred_ && idle_.size() < max_idle_)
        idle_.push_back(std::move(conn));
}

void pool::forget_idle_connections() {
    std::vector<std::unique_ptr<connection>> doomed;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        doomed.swap(idle_);
        ++generation_;
    }
}  // closed here, outside the lock

namespace {

sql::ConnectOptionsMap options_for(const database_settings& s, const std::string& host_port) {
    sql::ConnectOptionsMap options;
    if (!s.socket.empty() && host_port.empty()) {
        options["hostName"] = sql::SQLString("unix://" + s.socket);
    } else {
        options["hostName"] = sql::SQLString("tcp://" + (host_port.empty() ? s.host + ":" + std::to_string(s.port) : host_port));
    }
    options["userName"] = sql::SQLString(s.user);
    options["password"] = sql::SQLString(s.password);
    options["schema"] = sql::SQLString(s.name);
    options["OPT_CONNECT_TIMEOUT"] = 2;
    options["OPT_READ_TIMEOUT"] = 30;
    options["OPT_WRITE_TIMEOUT"] = 30;
    options["OPT_RECONNECT"] = false;  // a silent reconnect would lose the session's transaction
    options["OPT_CHARSET_NAME"] = sql::SQLString("utf8mb4");
    return options;
}

std::string first_value(connection& conn, const std::string& query) {
    std::unique_ptr<sql::ResultSet> found(conn.prepare(query).executeQuery());
    return found->next() && !found->isNull(1) ? std::string(found->getString(1)) : std::string();
}

bool is_galera_node(connection& conn) {
    try {
        return first_value(conn, "SELECT @@wsrep_on") == "1";
    } catch (const sql::SQLException&) {
        return false;  // a server built without wsrep (MySQL) has no such variable
    }
}

// A node that is not ready refuses work; the next node is tried instead.
class node_not_ready : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

void prepare_session(connection& conn) {
    // UTC everywhere: expiry times are compared in SQL and sent to the gateway with an offset.
    conn.prepare("SET time_zone = '+00:00'").execute();
    // Row locks are taken explicitly (FOR UPDATE); READ COMMITTED avoids gap-lock deadlocks.
    conn.prepare("SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED").execute();
    if (!is_galera_node(conn)) return;
    conn.galera = true;
    // A node cut off from the cluster's primary component accepts connections but refuses
    // queries (1047): better to go to another node now.
    if (first_value(conn, "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'WSREP_READY'") != "ON")
        throw node_not_ready("Galera node not ready (not in the primary component)");
    // Reads wait until this node has applied what the cluster committed before them: the page
    // after a redirect may be served by another host on another node, and must see the write.
    conn.prepare("SET SESSION wsrep_sync_wait = 1").execute();
}

// After a failover, the first node is tried again from time to time (it may be back).
constexpr auto return_to_first_node_after = std::chrono::seconds(30);

}  // namespace

void pool::node_failed(std::size_t node) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (node != preferred_) return;
    preferred_ = (node + 1) % nodes_.size();
    preferred_since_ = std::chrono::steady_clock::now();
}

void pool::return_to_first_node_when_due() {
    if (preferred_ != 0 && std::chrono::steady_clock::now() - preferred_since_ > return_to_first_node_after) preferred_ = 0;
}

std::size_t pool::first_node_to_try() {
    std::lock_guard<std::mutex> lock(mutex_);
    return_to_first_node_when_due();
    return preferred_;
}

std::unique_ptr<connection> pool::open_node(std::size_t node) {
    auto* driver = sql::mysql::get_mysql_driver_instance();
    auto options = options_for(settings_, nodes_[node]);
    auto conn = std::make_unique<connection>(std::unique_ptr<sql::Connection>(driver->connect(options)));
    conn->node = node;
    prepare_session(*conn);
    return conn;
}

std::unique_ptr<connection> pool::open() {
    std::string last_error;
    std::size_t first = first_node_to_try();
    for (std::size_t i = 0; i < nodes_.size(); ++i) {
        std::size_t node = (first + i) % nodes_.size();
        try {
            auto conn = open_node(node);
            std::lock_guard<std::mutex> lock(mutex_);
            if (node != preferred_) {
                preferred_ = node;
                preferred_since_ = std::chrono::steady_clock::now();
            }
            if (node != last_opened_) {
                log_line("database: connected to " + (nodes_[node].empty() ? std::string("the configured host") : nodes_[node]) +
                         (last_error.empty() ? std::string() : " (" + last_error + ")"));
                last_opened_ = node;
            }
            conn->generation = generation_;
            return conn;
        } catch (const sql::SQLException& e) {
            last_error = e.what();
        } catch (const node_not_ready& e) {
            last_error = e.what();
        }
    }
    log_line("database unavailable: " + last_error);
    throw unavailable("database unavailable: " + last_error);
}

bool is_connection_error(const sql::SQLException& e) {
    switch (e.getErrorCode()) {
        case 1047:  // WSREP has not yet prepared node for application use
        case 1053:  // server shutdown in progress
        case 1180:  // got error during COMMIT
        case 1927:  // connection was killed
        case 2002: case 2003: case 2006: case 2013: case 2055:
        case 4031:  // disconnected for inactivity
            return true;
        default:
            return false;
    }
}

bool is_retryable_conflict(const sql::SQLException& e) {
    // 1467: InnoDB reports a deadlock or lock wait on its AUTO-INC lock as "failed to read
    // auto-increment value": the same conflict, retried the same way.
    return e.getErrorCode() == 1213 || e.getErrorCode() == 1205 || e.getErrorCode() == 1467;
}

}  // namespace reserva::db
