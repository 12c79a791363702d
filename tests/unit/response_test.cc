#include <boost/test/unit_test.hpp>

#include "http/response.h"

using namespace reserva;

BOOST_AUTO_TEST_SUITE(responses)

BOOST_AUTO_TEST_CASE(a_redirect_with_a_line_break_is_refused) {
    auto r = http::redirect(303, "/cart/\r\nSet-Cookie: login=planted");
    BOOST_TEST(r.status == 500);
    BOOST_TEST(http::serialize(r).find("Set-Cookie") == std::string::npos);
    BOOST_TEST(http::serialize(r).find("Location") == std::string::npos);
    BOOST_TEST(http::redirect(303, "/cart/").status == 303);
}

BOOST_AUTO_TEST_CASE(a_header_with_a_line_break_is_left_out) {
    http::response r;
    r.add_header("X-Test", "a\nInjected: yes");
    r.add_header("X-Kept", "fine");
    auto bytes = http::serialize(r);
    BOOST_TEST(bytes.find("Injected") == std::string::npos);
    BOOST_TEST(bytes.find("X-Kept: fine\r\n") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(every_answer_carries_the_security_headers) {
    auto bytes = http::serialize(http::html("<p>hi</p>"));
    for (auto needed : {"X-Content-Type-Options: nosniff\r\n", "X-Frame-Options: DENY\r\n", "Referrer-Policy: same-origin\r\n",
                        "Content-Security-Policy: default-src 'self';"})
        BOOST_TEST(bytes.find(needed) != std::string::npos, needed);
}

BOOST_AUTO_TEST_SUITE_END()
