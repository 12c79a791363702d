// store::version_check: pages share reads of the catalog version, but a page is only ever
// answered by a read that began after it asked (store/catalog_cache.h).
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <future>
#include <stdexcept>
#include <thread>

#include "store/catalog_cache.h"

using namespace reserva;
using namespace std::chrono_literals;

BOOST_AUTO_TEST_SUITE(version_check)

BOOST_AUTO_TEST_CASE(a_read_in_flight_when_a_page_asks_never_answers_that_page) {
    store::version_check check;
    std::atomic<std::int64_t> database{1};
    std::promise<void> first_started, let_first_finish;
    auto release = let_first_finish.get_future().share();
    std::atomic<int> reads{0};
    auto fetch = [&] {
        std::int64_t seen = database.load();  // what the read finds when it runs
        if (reads.fetch_add(1) == 0) {
            first_started.set_value();
            release.wait();  // the first read is slow: on its way while the catalog changes
        }
        return seen;
    };
    auto early = std::async(std::launch::async, [&] { return check.read(fetch); });
    first_started.get_future().wait();
    database = 2;  // a catalog write commits while the first read is in flight
    auto late = std::async(std::launch::async, [&] { return check.read(fetch); });
    std::this_thread::sleep_for(50ms);  // the late page is waiting, not answered by the early read
    BOOST_TEST((late.wait_for(0ms) == std::future_status::timeout));
    let_first_finish.set_value();
    BOOST_TEST(early.get() == 1);
    BOOST_TEST(late.get() == 2);  // its own read, begun after it asked
    BOOST_TEST(reads.load() == 2);
}

BOOST_AUTO_TEST_CASE(pages_waiting_together_share_one_read) {
    store::version_check check;
    std::promise<void> first_started, let_first_finish;
    auto release = let_first_finish.get_future().share();
    std::atomic<int> reads{0};
    auto fetch = [&]() -> std::int64_t {
        if (reads.fetch_add(1) == 0) {
            first_started.set_value();
            release.wait();
        }
        return 7;
    };
    auto first = std::async(std::launch::async, [&] { return check.read(fetch); });
    first_started.get_future().wait();
    std::vector<std::future<std::int64_t>> waiting;
    for (int i = 0; i < 6; ++i) waiting.push_back(std::async(std::launch::async, [&] { return check.read(fetch); }));
    std::this_thread::sleep_for(50ms);
    let_first_finish.set_value();
    BOOST_TEST(first.get() == 7);
    for (auto& w : waiting) BOOST_TEST(w.get() == 7);
    BOOST_TEST(reads.load() == 2);  // the first, and one after it for all six that waited
}

BOOST_AUTO_TEST_CASE(a_failed_read_fails_its_page_and_the_next_page_reads_again) {
    store::version_check check;
    int calls = 0;
    BOOST_CHECK_THROW(check.read([&]() -> std::int64_t { ++calls; throw std::runtime_error("database down"); }),
                      std::runtime_error);
    BOOST_TEST(check.read([&]() -> std::int64_t { ++calls; return 3; }) == 3);
    BOOST_TEST(calls == 2);
}

BOOST_AUTO_TEST_SUITE_END()
