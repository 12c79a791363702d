// The two ways to use the database:
//   with_connection(pool, work)  for reads: a connection found dead is replaced and work re-run once.
//   in_transaction(pool, work)   for writes: BEGIN, work, COMMIT; the whole transaction is re-run on
//                                deadlock or lock-wait timeout (1213/1205, which is also how Galera
//                                reports a certification conflict) and on a connection lost before
//                                COMMIT. A connection lost *during* COMMIT leaves the outcome unknown:
//                                that is reported as commit_unknown, never replayed blindly.
// work receives a db::connection& and may return a value.
#pragma once
#include <chrono>
#include <random>
#include <thread>
#include <type_traits>
#include <utility>

#include <cppconn/connection.h>
#include <cppconn/exception.h>

#include "db/pool.h"

namespace reserva::db {

class commit_unknown : public unavailable {
public:
    using unavailable::unavailable;
};

inline constexpr int max_transaction_attempts = 8;

namespace detail {
void backoff_before_retry(int attempt);  // jittered, grows with attempt
bool rollback_quietly(connection& conn);  // false: the connection is broken
}  // namespace detail

template <class Work>
auto with_connection(pool& p, Work&& work) -> decltype(work(std::declval<connection&>())) {
    for (int attempt = 1;; ++attempt) {
        lease conn(p);
        try {
            return work(*conn);
        } catch (const sql::SQLException& e) {
            if (!is_connection_error(e)) throw;
            conn.discard();
            if (attempt >= 2) throw unavailable(std::string("database connection lost: ") + e.what());
        }
    }
}

template <class Work>
auto in_transaction(pool& p, Work&& work) -> decltype(work(std::declval<connection&>())) {
    using result_type = decltype(work(std::declval<connection&>()));
    for (int attempt = 1;; ++attempt) {
        lease conn(p);
        bool committing = false;
        try {
            conn->raw().setAutoCommit(false);
            if constexpr (std::is_void_v<result_type>) {
                work(*conn);
                committing = true;
                conn->raw().commit();
                conn->raw().setAutoCommit(true);
                return;
            } else {
                result_type result = work(*conn);
                committing = true;
                conn->raw().commit();
                conn->raw().setAutoCommit(true);
                return result;
            }
        } catch (const sql::SQLException& e) {
            if (is_connection_error(e)) {
                conn.discard();
                if (committing) throw commit_unknown(std::string("connection lost during COMMIT: ") + e.what());
                if (attempt >= 2) throw unavailable(std::string("database connection lost: ") + e.what());
                continue;
            }
            if (!detail::rollback_quietly(*conn)) conn.discard();
            if (is_retryable_conflict(e) && attempt < max_transaction_attempts) {
                detail::backoff_before_retry(attempt);
                continue;
            }
            throw;
        } catch (...) {
            if (!detail::rollback_quietly(*conn)) conn.discard();
            throw;
        }
    }
}

}  // namespace reserva::db
