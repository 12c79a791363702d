#include <boost/test/unit_test.hpp>

#include "util/digest.h"

using namespace reserva;

BOOST_AUTO_TEST_SUITE(digest)

BOOST_AUTO_TEST_CASE(tokens_are_stored_as_sha256) {
    // FIPS 180-2, appendix B.1.
    BOOST_TEST(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

BOOST_AUTO_TEST_CASE(hmac_matches_a_known_vector) {
    // RFC 4231 test case 2.
    BOOST_TEST(hmac_sha256_hex("Jefe", "what do ya want for nothing?") ==
               "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

BOOST_AUTO_TEST_CASE(constant_time_comparison_needs_equal_length_and_bytes) {
    BOOST_TEST(equal_in_constant_time("abc", "abc"));
    BOOST_TEST(!equal_in_constant_time("abc", "abd"));
    BOOST_TEST(!equal_in_constant_time("abc", "abcd"));
    BOOST_TEST(equal_in_constant_time("", ""));
}

BOOST_AUTO_TEST_SUITE_END()
