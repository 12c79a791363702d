#include <boost/test/unit_test.hpp>

#include "util/table.h"
#include "util/text.h"

using namespace reserva;

BOOST_AUTO_TEST_SUITE(text)

BOOST_AUTO_TEST_CASE(ids_are_positive_plain_digits) {
    BOOST_TEST(parse_id("42").value() == 42);
    for (auto bad : {"", "0", "-3", "4a", "99999999999999999999", "+4", " 4", "0x10", "9007199254740993"})
        BOOST_TEST(!parse_id(bad).has_value(), "accepted '" << bad << "'");
}

BOOST_AUTO_TEST_CASE(tables_align_their_columns) {
    text_table t{{"id", "name"}, {{"1", "Polo"}, {"10", "T-Shirt"}}};
    BOOST_TEST(format_table(t) == "id  name\n--  -------\n1   Polo\n10  T-Shirt\n");
    BOOST_TEST(format_table(text_table{{"id"}, {}}) == "id\n--\n(none)\n");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(utf8)

BOOST_AUTO_TEST_CASE(accepts_real_text_and_refuses_broken_bytes) {
    for (auto good : {"", "plain", "S\xc3\xa3o Paulo", "\xe2\x82\xac", "\xf0\x9f\x91\x95"})
        BOOST_TEST(reserva::valid_utf8(good), good);
    for (auto bad : {"\xff", "\xc3", "\xc3\x28", "\xe2\x82", "\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "a\x80"})
        BOOST_TEST(!reserva::valid_utf8(bad));
}

BOOST_AUTO_TEST_CASE(counts_and_waits_read_as_english) {
    BOOST_TEST(count_of(1, "minute", "minutes") == "1 minute");
    BOOST_TEST(count_of(60, "minute", "minutes") == "60 minutes");
    BOOST_TEST(describe_wait(0) == "1 second");
    BOOST_TEST(describe_wait(1) == "1 second");
    BOOST_TEST(describe_wait(45) == "45 seconds");
    BOOST_TEST(describe_wait(61) == "2 minutes");
    BOOST_TEST(describe_wait(900) == "15 minutes");
}

BOOST_AUTO_TEST_SUITE_END()
