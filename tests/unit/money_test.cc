#include <boost/test/unit_test.hpp>

#include "util/money.h"

using namespace reserva;

BOOST_AUTO_TEST_SUITE(money)

BOOST_AUTO_TEST_CASE(parses_prices_into_cents) {
    BOOST_TEST(parse_decimal_amount("129.90").value() == 12990);
    BOOST_TEST(parse_decimal_amount("129.9").value() == 12990);
    BOOST_TEST(parse_decimal_amount("129").value() == 12900);
    BOOST_TEST(parse_decimal_amount("0.01").value() == 1);
}

BOOST_AUTO_TEST_CASE(refuses_what_is_not_a_price) {
    for (auto bad : {"", "-1", "1.999", "1,50", "abc", "1.", ".5", "1e3", "12345678901", " 1"})
        BOOST_TEST(!parse_decimal_amount(bad).has_value(), "accepted '" << bad << "'");
}

BOOST_AUTO_TEST_CASE(formats_brazilian_reais) {
    BOOST_TEST(format_brl(123456) == "R$ 1.234,56");
    BOOST_TEST(format_brl(7990) == "R$ 79,90");
    BOOST_TEST(format_brl(5) == "R$ 0,05");
    BOOST_TEST(format_brl(100000000) == "R$ 1.000.000,00");
    BOOST_TEST(format_brl(-250) == "-R$ 2,50");
}

BOOST_AUTO_TEST_CASE(formats_decimals_for_the_gateway) {
    BOOST_TEST(format_decimal(12990) == "129.90");
    BOOST_TEST(format_decimal(1) == "0.01");
    BOOST_TEST(format_decimal(100) == "1.00");
}

BOOST_AUTO_TEST_SUITE_END()
