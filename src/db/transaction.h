// The two ways to use the database:
//   with_connection(pool, work)  for reads: a connection found dead is replaced (up to 3 times, on
//                                another node when one fails) and a read aborted by a conflict is
//                                re-run, like a transaction.
//   in_transaction(pool, work)   for writes: BEGIN, work, COMMIT; the whole transaction is re-run on
//                                deadlock or lock-wait timeout (1213/1205, which is also how Galera
//                                reports a certification conflict) and on a connection lost before
//                                COMMIT. A connection lost *during* COMMIT leaves the outcome unknown:
//                                that is reported as commit_unknown, never replayed blindly...
//   in_transaction(pool, work, lost_commit::look_up_and_rerun)
//                                ...unless the work begins by looking up the unique key it writes
//                                (a payment reference, a payment's status) under a row lock and
//                                returns what an earlier run did. Then, after a lost COMMIT, running
//                                it again on a fresh connection (on Galera: another node, with
//                                wsrep_sync_wait) resolves the outcome instead of repeating it.
// work receives a db::connection& and may return a value.
#pragma once
#include <chrono>
#include <random>
#include <stdexcept>
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

// Thrown by work whose guarded write (UPDATE ... WHERE <what it read>) found the row changed
// since it was read: the decision was made on a stale view, so the whole transaction is rolled
// back and run again, like a deadlock. On one server the row locks make this impossible; on
// Galera a row lock holds only on its own node, and the guard is what keeps the decision honest.
class write_conflict : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Throws write_conflict unless the guarded write changed exactly `wanted` rows.
void expect_rows(int changed, int wanted, const char* what);

// Generous: on Galera, buyers of one hot variant on different nodes abort each other (1213)
// until the backoff spreads them out; the jittered waits add up to a few seconds at most.
inline constexpr int max_transaction_attempts = 20;
// A lost connection is retried on a fresh one (another node when [database] nodes is set).
inline constexpr int max_connection_attempts = 3;

enum class lost_commit {
    report,             // throw commit_unknown: the caller answers 503
    look_up_and_rerun,  // the work resolves its own earlier outcome by its unique key
};

namespace detail {
void log_write_conflict(const write_conflict& e, int attempt);
// START TRANSACTION and COMMIT as statements: Connector/C++ 1.1's Connection::commit() drops
// mysql_commit's result, so a failed COMMIT (Galera's certification failure) would pass as done.
// On Galera the transaction also runs under a savepoint (see transaction.cc).
void begin(connection& conn);
void commit(connection& conn);               // throws write_conflict if the cluster aborted it silently
bool after_commit(connection& conn);         // false: the connection is no longer fit for the pool
bool silently_aborted(connection& conn);     // on Galera: the transaction is gone without an error
void backoff_before_retry(int attempt);  // jittered, grows with attempt
bool rollback_quietly(connection& conn);  // false: the connection is broken
// One log line per retried transaction: on Galera, certification conflicts show up here.
void log_retry(const sql::SQLException& e, int attempt);
void log_lost_commit(const sql::SQLException& e);
}  // namespace detail

template <class Work>
auto with_connection(pool& p, Work&& work) -> decltype(work(std::declval<connection&>())) {
    int connections_lost = 0;
    for (int attempt = 1;; ++attempt) {
        lease conn(p);
        try {
            return work(*conn);
        } catch (const sql::SQLException& e) {
            if (is_connection_error(e)) {
                conn.discard();
                if (++connections_lost >= max_connection_attempts)
                    throw unavailable(std::string("database connection lost: ") + e.what());
                continue;
            }
            // On Galera even a read can be aborted by a replicated write (1213).
            if (!is_retryable_conflict(e) || attempt >= max_transaction_attempts) throw;
            detail::log_retry(e, attempt);
            detail::backoff_before_retry(attempt);
        }
    }
}

template <class Work>
auto in_transaction(pool& p, Work&& work, lost_commit on_lost_commit = lost_commit::report)
    -> decltype(work(std::declval<connection&>())) {
    using result_type = decltype(work(std::declval<connection&>()));
    int connections_lost = 0;
    for (int attempt = 1;; ++attempt) {
        lease conn(p);
        bool committing = false;
        try {
            detail::begin(*conn);
            if constexpr (std::is_void_v<result_type>) {
                work(*conn);
                committing = true;
                detail::commit(*conn);
                if (!detail::after_commit(*conn)) conn.discard();
                return;
            } else {
                result_type result = work(*conn);
                committing = true;
                detail::commit(*conn);
                if (!detail::after_commit(*conn)) conn.discard();
                return result;
            }
        } catch (const sql::SQLException& e) {
            if (is_connection_error(e)) {
                conn.discard();
                if (committing) {
                    detail::log_lost_commit(e);
                    if (on_lost_commit == lost_commit::report)
                        throw commit_unknown(std::string("connection lost during COMMIT: ") + e.what());
                }
                if (++connections_lost >= max_connection_attempts)
                    throw unavailable(std::string("database connection lost: ") + e.what());
                continue;
            }
            // An error after the cluster silently aborted the transaction (a foreign key that
            // points at a row the abort took away, say) is the abort's doing: run it again.
            bool aborted = !committing && detail::silently_aborted(*conn);
            if (!detail::rollback_quietly(*conn)) conn.discard();
            if ((is_retryable_conflict(e) || aborted) && attempt < max_transaction_attempts) {
                detail::log_retry(e, attempt);
                detail::backoff_before_retry(attempt);
                continue;
            }
            throw;
        } catch (const write_conflict& e) {
            if (!detail::rollback_quietly(*conn)) conn.discard();
            if (attempt >= max_transaction_attempts) throw;
            detail::log_write_conflict(e, attempt);
            detail::backoff_before_retry(attempt);
        } catch (...) {
            if (!detail::rollback_quietly(*conn)) conn.discard();
            throw;
        }
    }
}

}  // namespace reserva::db
