#include "db/pool.h"

#include <cppconn/connection.h>
#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
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
    conn_.reset();
    owner_.forget_idle_connections();
}

pool::pool(database_settings settings, std::size_t max_idle)
    : settings_(std::move(settings)), max_idle_(max_idle) {
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
    if (conn->generation == generation_ && idle_.size() < max_idle_) idle_.push_back(std::move(conn));
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

void prepare_session(connection& conn) {
    // UTC everywhere: expiry times are compared in SQL and sent to the gateway with an offset.
    conn.prepare("SET time_zone = '+00:00'").execute();
    // Row locks are taken explicitly (FOR UPDATE); READ COMMITTED avoids gap-lock deadlocks.
    conn.prepare("SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED").execute();
}

}  // namespace

std::unique_ptr<connection> pool::open() {
    std::vector<std::string> candidates{""};  // "" = the configured host or socket
    for (auto& node : settings_.nodes) candidates.push_back(node);
    std::string last_error;
    for (auto& candidate : candidates) {
        try {
            auto* driver = sql::mysql::get_mysql_driver_instance();
            auto options = options_for(settings_, candidate);
            auto conn = std::make_unique<connection>(std::unique_ptr<sql::Connection>(driver->connect(options)));
            prepare_session(*conn);
            std::lock_guard<std::mutex> lock(mutex_);
            conn->generation = generation_;
            return conn;
        } catch (const sql::SQLException& e) {
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
