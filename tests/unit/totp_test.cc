// TOTP against RFC 6238's Appendix B test vectors (the SHA-1 column, secret "12345678901234567890").
#include <boost/test/unit_test.hpp>

#include "util/totp.h"

using namespace reserva;

namespace {
const std::string rfc_secret = "12345678901234567890";
const std::string rfc_secret_base32 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";  // the same 20 bytes
}  // namespace

BOOST_AUTO_TEST_SUITE(totp_codes)

BOOST_AUTO_TEST_CASE(rfc_6238_sha1_vectors_with_eight_digits) {
    BOOST_CHECK_EQUAL(totp::code_for_raw_secret(rfc_secret, 59, 8), "94287082");
    BOOST_CHECK_EQUAL(totp::code_for_raw_secret(rfc_secret, 1111111109, 8), "07081804");
    BOOST_CHECK_EQUAL(totp::code_for_raw_secret(rfc_secret, 1111111111, 8), "14050471");
    BOOST_CHECK_EQUAL(totp::code_for_raw_secret(rfc_secret, 1234567890, 8), "89005924");
    BOOST_CHECK_EQUAL(totp::code_for_raw_secret(rfc_secret, 2000000000, 8), "69279037");
    BOOST_CHECK_EQUAL(totp::code_for_raw_secret(rfc_secret, 20000000000, 8), "65353130");
}

BOOST_AUTO_TEST_CASE(six_digit_codes_are_the_last_six_of_the_vectors) {
    BOOST_CHECK_EQUAL(totp::code_for(rfc_secret_base32, 59), "287082");
    BOOST_CHECK_EQUAL(totp::code_for(rfc_secret_base32, 1111111109), "081804");
    BOOST_CHECK_EQUAL(totp::code_for(rfc_secret_base32, 2000000000), "279037");
}

BOOST_AUTO_TEST_CASE(a_code_matches_its_step_and_one_step_of_drift_only) {
    // 1111111109 is in step 37037036; its code is accepted then, 30 s later, but not 60 s later.
    BOOST_CHECK_EQUAL(*totp::matching_step(rfc_secret_base32, "081804", 1111111109), 37037036);
    BOOST_CHECK_EQUAL(*totp::matching_step(rfc_secret_base32, "081804", 1111111109 + 30), 37037036);
    BOOST_CHECK(!totp::matching_step(rfc_secret_base32, "081804", 1111111109 + 60));
    BOOST_CHECK(!totp::matching_step(rfc_secret_base32, "081805", 1111111109));
}

BOOST_AUTO_TEST_CASE(malformed_codes_and_secrets_never_match) {
    BOOST_CHECK(!totp::matching_step(rfc_secret_base32, "", 59));
    BOOST_CHECK(!totp::matching_step(rfc_secret_base32, "28708", 59));
    BOOST_CHECK(!totp::matching_step(rfc_secret_base32, "2870822", 59));
    BOOST_CHECK(!totp::matching_step(rfc_secret_base32, "28708a", 59));
    BOOST_CHECK(!totp::matching_step("not base32!", "287082", 59));
}

BOOST_AUTO_TEST_CASE(new_secrets_are_random_base32_and_round_trip) {
    auto a = totp::new_secret(), b = totp::new_secret();
    BOOST_CHECK_EQUAL(a.size(), 32u);
    BOOST_CHECK_NE(a, b);
    auto code = totp::code_for(a, 1700000000);
    BOOST_CHECK(totp::matching_step(a, code, 1700000000).has_value());
    auto uri = totp::provisioning_uri("Reserva", "ana@example.com", a);
    BOOST_CHECK_EQUAL(uri.rfind("otpauth://totp/Reserva:ana@example.com?secret=" + a, 0), 0u);
}

BOOST_AUTO_TEST_SUITE_END()
