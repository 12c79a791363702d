#include <boost/test/unit_test.hpp>

#include "store/address.h"

using namespace reserva::store;

BOOST_AUTO_TEST_SUITE(address_validation)

BOOST_AUTO_TEST_CASE(a_good_address_is_normalised) {
    address a{" Rua Augusta ", "1500", "", "Consolação", "São Paulo", "sp", "01304-001"};
    BOOST_TEST(validate_address(a).empty());
    BOOST_TEST(a.street == "Rua Augusta");
    BOOST_TEST(a.state == "SP");
    BOOST_TEST(a.zip == "01304001");
}

BOOST_AUTO_TEST_CASE(each_problem_is_named_by_its_field) {
    address a{"", "", std::string(101, 'x'), "", "", "XX", "123"};
    auto errors = validate_address(a);
    for (auto field : {"street", "number", "complement", "neighborhood", "city", "state", "zip"})
        BOOST_TEST(errors.count(field) == 1u, field);
}

BOOST_AUTO_TEST_CASE(a_cep_with_letters_is_refused_whatever_digits_follow) {
    // Found by the text fuzzer: a letter followed by one digit used to pass as "invalid1".
    for (std::string zip : {"CEP: 1", "01n2", "20.040-02R0", "0131O-100"}) {
        address a{"Rua A", "1", "", "Centro", "Rio", "RJ", zip};
        BOOST_TEST(validate_address(a).count("zip") == 1u, zip);
    }
}

BOOST_AUTO_TEST_CASE(emails) {
    std::string good = " ana@example.com ";
    BOOST_TEST(validate_email(good).empty());
    BOOST_TEST(good == "ana@example.com");
    for (std::string bad : {"", "ana", "@example.com", "ana@", "ana@example", "a b@example.com", "a@b@c.com"})
        BOOST_TEST(!validate_email(bad).empty(), bad);
    // Characters that could steer the SMTP envelope or the To: header to someone else.
    for (std::string bad : {"ana@example.com>", "<ana@example.com", "ana@example.com,eve@example.com", "ana@example.com;eve@x.com",
                            "\"ana\"@example.com", "ana@example.com\r\nRCPT TO:<eve@x.com>", "ana(x)@example.com",
                            "ana\\@example.com", "ana@[127.0.0.1]"})
        BOOST_TEST(!validate_email(bad).empty(), bad);
    for (std::string fine : {"ana.souza+shop@example.com.br", "o'neil@example.com", "a_b-c@sub.example.org"})
        BOOST_TEST(validate_email(fine).empty(), fine);
}

BOOST_AUTO_TEST_SUITE_END()
