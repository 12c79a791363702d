#include "db/transaction.h"

#include <cppconn/prepared_statement.h>

#include "util/log.h"

namespace reserva::db {

void expect_rows(int changed, int wanted, const char* what) {
    if (changed != wanted)
        throw write_conflict(std::string(what) + ": " + std::to_string(changed) + " rows changed, " +
                             std::to_string(wanted) + " expected");
}

}  // namespace reserva::db

namespace reserva::db::detail {

void log_write_conflict(const write_conflict& e, int attempt) {
    log_line("transaction retried after a write conflict (attempt " + std::to_string(attempt) + "): " + e.what());
}

void begin(connection& conn) { conn.prepare("START TRANSACTION").execute(); }

void commit(connection& conn) { conn.prepare("COMMIT").execute(); }

void backoff_before_retry(int attempt) {
    thread_local std::mt19937 random{std::random_device{}()};
    int ceiling_ms = 5 << std::min(attempt, 6);  // 10 ms, 20 ms ... 320 ms
    std::uniform_int_distribution<int> pick(1, ceiling_ms);
    std::this_thread::sleep_for(std::chrono::milliseconds(pick(random)));
}

bool rollback_quietly(connection& conn) {
    try {
        conn.prepare("ROLLBACK").execute();
        return true;
    } catch (const sql::SQLException&) {
        return false;
    }
}

void log_retry(const sql::SQLException& e, int attempt) {
    log_line("transaction retried after error " + std::to_string(e.getErrorCode()) + " (attempt " +
             std::to_string(attempt) + "): " + e.what());
}

void log_lost_commit(const sql::SQLException& e) {
    log_line("connection lost during COMMIT (error " + std::to_string(e.getErrorCode()) + "): " + e.what());
}

}  // namespace reserva::db::detail
