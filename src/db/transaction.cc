#include "db/transaction.h"

namespace reserva::db::detail {

void backoff_before_retry(int attempt) {
    thread_local std::mt19937 random{std::random_device{}()};
    int ceiling_ms = 5 << std::min(attempt, 6);  // 10 ms, 20 ms ... 320 ms
    std::uniform_int_distribution<int> pick(1, ceiling_ms);
    std::this_thread::sleep_for(std::chrono::milliseconds(pick(random)));
}

bool rollback_quietly(connection& conn) {
    try {
        conn.raw().rollback();
        conn.raw().setAutoCommit(true);
        return true;
    } catch (const sql::SQLException&) {
        return false;
    }
}

}  // namespace reserva::db::detail
