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

// On Galera, a transaction aborted by a replicated write (a brute-force abort) while a statement
// that reads no rows is running (SELECT LAST_INSERT_ID(), an impossible WHERE) is rolled back
// without that statement or the next one failing. With autocommit on, every statement after it
// would then commit on its own: a payment item without its payment, a refund without its
// decision. So on Galera the transaction runs with autocommit off and under a savepoint: the
// statements after such an abort stay in a transaction of their own, and the savepoint, gone
// with the aborted transaction, says so before COMMIT. One server never aborts silently.
namespace {
constexpr int savepoint_does_not_exist = 1305;
}

void begin(connection& conn) {
    if (!conn.galera) {
        conn.prepare("START TRANSACTION").execute();
        return;
    }
    conn.prepare("SET autocommit = 0").execute();
    conn.prepare("SAVEPOINT reserva_transaction").execute();
}

void commit(connection& conn) {
    if (conn.galera) {
        try {
            conn.prepare("RELEASE SAVEPOINT reserva_transaction").execute();
        } catch (const sql::SQLException& e) {
            if (e.getErrorCode() != savepoint_does_not_exist) throw;
            throw write_conflict("the cluster aborted the transaction without an error (its savepoint is gone)");
        }
    }
    conn.prepare("COMMIT").execute();
}

bool after_commit(connection& conn) {
    if (!conn.galera) return true;
    try {
        conn.prepare("SET autocommit = 1").execute();
        return true;
    } catch (const sql::SQLException&) {
        return false;
    }
}

bool silently_aborted(connection& conn) {
    if (!conn.galera) return false;
    try {
        conn.prepare("ROLLBACK TO SAVEPOINT reserva_transaction").execute();
        return false;
    } catch (const sql::SQLException& e) {
        return e.getErrorCode() == savepoint_does_not_exist;
    }
}

void backoff_before_retry(int attempt) {
    thread_local std::mt19937 random{std::random_device{}()};
    int ceiling_ms = 5 << std::min(attempt, 6);  // 10 ms, 20 ms ... 320 ms
    std::uniform_int_distribution<int> pick(1, ceiling_ms);
    std::this_thread::sleep_for(std::chrono::milliseconds(pick(random)));
}

bool rollback_quietly(connection& conn) {
    try {
        conn.prepare("ROLLBACK").execute();
        if (conn.galera) conn.prepare("SET autocommit = 1").execute();
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
