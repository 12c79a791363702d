#include <boost/test/unit_test.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <set>
#include <string>
#include <thread>

#include "util/random.h"

using namespace reserva;

BOOST_AUTO_TEST_SUITE(random_tokens)

BOOST_AUTO_TEST_CASE(tokens_are_hex_of_the_asked_length_and_never_repeat) {
    std::set<std::string> seen;
    for (int i = 0; i < 2000; ++i) {  // many refills of the per-thread buffer, sizes crossing its edges
        std::size_t bytes = i % 3 == 0 ? 16 : i % 3 == 1 ? 7 : 100;
        std::string token = random_hex(bytes);
        BOOST_TEST(token.size() == 2 * bytes);
        BOOST_TEST(token.find_first_not_of("0123456789abcdef") == std::string::npos);
        BOOST_TEST(seen.insert(token).second);
    }
    BOOST_TEST(random_hex(1000).size() == 2000u);
}

BOOST_AUTO_TEST_CASE(threads_and_forked_children_draw_different_bytes) {
    std::string mine = random_hex(16), theirs;
    std::thread other([&] { theirs = random_hex(16); });
    other.join();
    BOOST_TEST(mine != theirs);

    int pipe_fds[2];
    BOOST_REQUIRE(pipe(pipe_fds) == 0);
    pid_t child = fork();
    BOOST_REQUIRE(child >= 0);
    if (child == 0) {
        std::string token = random_hex(16);
        ssize_t written = write(pipe_fds[1], token.data(), token.size());
        _exit(written == 32 ? 0 : 1);
    }
    std::string parent_token = random_hex(16);  // what the parent's buffer hands out next
    char buf[32];
    ssize_t got = read(pipe_fds[0], buf, sizeof buf);
    int status = 0;
    waitpid(child, &status, 0);
    close(pipe_fds[0]);
    close(pipe_fds[1]);
    BOOST_TEST(got == 32);
    BOOST_TEST(std::string(buf, 32) != parent_token);
}

BOOST_AUTO_TEST_SUITE_END()
