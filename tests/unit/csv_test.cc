#include <boost/test/unit_test.hpp>

#include "store/stock_import_csv.h"
#include "util/csv.h"

using namespace reserva;

namespace {

std::vector<int> lines_of(const csv_table& t) {
    std::vector<int> lines;
    for (auto& row : t.rows) lines.push_back(row.line);
    return lines;
}

std::string bad_text(const store::parsed_import& p) {
    std::string all;
    for (auto& b : p.bad) all += std::to_string(b.line) + ": " + b.reason + "\n";
    return all;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(csv)

BOOST_AUTO_TEST_CASE(rows_are_numbered_as_a_spreadsheet_shows_them) {
    auto t = parse_csv("sku,quantity\r\nA,1\r\n\r\n\"B\",\"2\"\r\nC,3");
    BOOST_TEST((lines_of(t) == std::vector<int>{1, 2, 4, 5}), "a blank row keeps its number");
    BOOST_TEST(t.rows[2].fields[0] == "B");
    // A quoted field with a line break in it is one row.
    auto q = parse_csv("sku,note\n\"A\",\"two\nlines\"\nB,x\n");
    BOOST_TEST((lines_of(q) == std::vector<int>{1, 2, 3}));
    BOOST_TEST(q.rows[1].fields[1] == "two\nlines");
    BOOST_TEST((lines_of(parse_csv("a\n\nb\n")) == std::vector<int>{1, 3}), "LF files too");
}

BOOST_AUTO_TEST_CASE(quotes_bom_and_semicolons) {
    auto t = parse_csv("\xEF\xBB\xBFsku;quantity\r\n\"A;1\";\"say \"\"hi\"\"\"\r\n");
    BOOST_TEST(t.delimiter == ';');
    BOOST_TEST(t.rows[0].fields[0] == "sku", "the BOM is not part of the first name");
    BOOST_TEST(t.rows[1].fields[0] == "A;1");
    BOOST_TEST(t.rows[1].fields[1] == "say \"hi\"");
    BOOST_TEST(parse_csv("sku,quantity\n").delimiter == ',');
    BOOST_CHECK_THROW(parse_csv("sku,quantity\nA\"B,1\n"), csv_error);
    BOOST_CHECK_THROW(parse_csv("sku,quantity\n\"A,1\n"), csv_error);
    BOOST_CHECK_THROW(parse_csv("\xFF\xFEs\0k\0u\0"), csv_error);
    try {
        parse_csv("sku,quantity\nA,1\n\"B\"x,2\n");
        BOOST_FAIL("a quote out of place is refused");
    } catch (const csv_error& e) {
        BOOST_TEST(std::string(e.what()).find("line 3") == 0, e.what());
    }
}

BOOST_AUTO_TEST_CASE(fields_are_written_for_a_spreadsheet) {
    BOOST_TEST(csv_field("plain") == "plain");
    BOOST_TEST(csv_field("a,b") == "\"a,b\"");
    BOOST_TEST(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
    BOOST_TEST(csv_field("=HYPERLINK(1)", true) == "'=HYPERLINK(1)");
    BOOST_TEST(csv_field("-5") == "-5", "numbers are not text");
    BOOST_TEST(csv_line({"a", "b"}) == "a,b\r\n");
    auto back = parse_csv(csv_line({csv_field("x, \"y\"\nz"), csv_field("1")}));
    BOOST_TEST(back.rows[0].fields[0] == "x, \"y\"\nz", "what is written reads back");
}

BOOST_AUTO_TEST_CASE(stock_files_are_counts_or_deltas) {
    auto counts = store::parse_stock_csv("SKU,Quantity\r\nA-1,12\r\nB-2, 0 \r\n,,\r\n");
    BOOST_TEST(bad_text(counts) == "");
    BOOST_TEST((counts.mode == store::import_mode::counts));
    BOOST_TEST(counts.lines.size() == 2u);
    BOOST_TEST(counts.lines[1].value == 0);
    auto deltas = store::parse_stock_csv("delta;sku\n-3;A-1\n+4;B-2\n");
    BOOST_TEST((deltas.mode == store::import_mode::deltas));
    BOOST_TEST(bad_text(deltas) == "");
    BOOST_TEST(deltas.lines[0].value == -3);
    BOOST_TEST(deltas.lines[0].sku == "A-1");
    auto exported = store::parse_stock_csv("sku,product,color,size,on_hand,held\r\nA-1,Tee,White,M,7,2\r\n");
    BOOST_TEST(bad_text(exported) == "", "an exported stock.csv reads back as counts");
    BOOST_TEST(exported.lines[0].value == 7);
}

BOOST_AUTO_TEST_CASE(every_bad_line_is_named_with_its_reason) {
    auto p = store::parse_stock_csv(
        "sku,quantity\n"     // 1
        "A-1,5\n"            // 2
        "A-1,6\n"            // 3 twice
        "B-2,-1\n"           // 4 negative count
        "C 3,1\n"            // 5 not a SKU
        ",4\n"               // 6 no SKU
        "D-4,1.5\n"          // 7 not whole
        "E-5,\n"             // 8 empty
        "F-6,\xC3\x28\n"     // 9 not UTF-8
        "G-7,2000000\n");    // 10 too many
    std::vector<int> lines;
    for (auto& b : p.bad) lines.push_back(b.line);
    BOOST_TEST((lines == std::vector<int>{3, 4, 5, 6, 7, 8, 9, 10}), bad_text(p));
    BOOST_TEST(p.bad[0].reason.find("line 2") != std::string::npos, p.bad[0].reason);
    BOOST_TEST(p.lines.size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_file_that_is_not_a_stock_file_is_refused_as_a_whole) {
    for (auto bad : {"", "sku\nA,1\n", "sku,quantity,delta\nA,1,2\n", "name,quantity\nA,1\n", "sku,quantity\n",
                     "sku,quantity\n\"A,1\n"}) {
        auto p = store::parse_stock_csv(bad);
        BOOST_TEST(!p.bad.empty(), "accepted '" << bad << "'");
        BOOST_TEST(p.lines.empty());
    }
    auto header = store::parse_stock_csv("name,quantity\nA,1\n");
    BOOST_TEST(header.bad[0].line == 1, "a bad header is line 1");
}

BOOST_AUTO_TEST_SUITE_END()
