#include <boost/test/unit_test.hpp>

#include <atomic>
#include <thread>
#include <vector>

#include "util/password.h"

using namespace reserva;

BOOST_AUTO_TEST_SUITE(password)

BOOST_AUTO_TEST_CASE(a_hash_verifies_its_own_password_only) {
    auto stored = hash_password("correct horse", 1000);
    BOOST_TEST(verify_password("correct horse", stored));
    BOOST_TEST(!verify_password("correct horsf", stored));
    BOOST_TEST(!verify_password("correct horse", "pbkdf2_sha256$1000$zz"));
}

// More derivations at once than cores plus waiters: the surplus is refused at once instead of
// queueing (so a flood cannot take every worker thread), and every accepted one completes.
BOOST_AUTO_TEST_CASE(derivations_past_the_cores_and_waiters_are_refused) {
    int slots = password_slots();
    int callers = slots * 3 + 1;
    std::atomic<int> done{0}, busy{0}, ready{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < callers; ++i)
        threads.emplace_back([&] {
            ++ready;
            while (ready < callers) std::this_thread::yield();
            try {
                hash_password("x", 3000000);
                ++done;
            } catch (const password_busy&) {
                ++busy;
            }
        });
    for (auto& t : threads) t.join();
    BOOST_TEST(done + busy == callers);
    BOOST_TEST(busy >= slots);
    BOOST_TEST(done >= slots);
}

BOOST_AUTO_TEST_SUITE_END()
