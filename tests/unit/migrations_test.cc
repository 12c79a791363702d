#include <boost/test/unit_test.hpp>

#include "db/migrations.h"

using namespace reserva;

BOOST_AUTO_TEST_SUITE(migrations)

BOOST_AUTO_TEST_CASE(splits_statements_at_line_ends_and_drops_comments) {
    auto statements = db::split_sql_statements(
        "-- a comment; with a semicolon\n"
        "CREATE TABLE a (\n  x INT COMMENT 'not; the end'\n);\n"
        "\n"
        "INSERT INTO a VALUES (1);\n");
    BOOST_REQUIRE(statements.size() == 2u);
    BOOST_TEST(statements[0] == "CREATE TABLE a (\nx INT COMMENT 'not; the end'\n)");
    BOOST_TEST(statements[1] == "INSERT INTO a VALUES (1)");
}

BOOST_AUTO_TEST_CASE(the_shipped_migrations_are_numbered_in_order) {
    const char* source = std::getenv("RESERVA_SOURCE_DIR");
    auto files = db::list_migrations(std::string(source ? source : ".") + "/sql");
    BOOST_REQUIRE(!files.empty());
    BOOST_TEST(files.front().name == "001_schema.sql");
    for (std::size_t i = 1; i < files.size(); ++i) BOOST_TEST(files[i].version > files[i - 1].version);
}

BOOST_AUTO_TEST_SUITE_END()
