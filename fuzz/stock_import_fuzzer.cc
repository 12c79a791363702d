// parse_csv and parse_stock_csv (the stock import of SPEC section 8) on arbitrary bytes. A file
// that is not CSV must be a csv_error; rows are numbered upwards from 1; what csv_field and
// csv_line write reads back the same. parse_stock_csv never throws, and every line it takes
// has a well-formed SKU (once in the file) and a number in range, on a row that is not also bad.
#include <set>
#include <string>

#include "fuzz_common.h"
#include "store/product_sku.h"
#include "store/stock_import_csv.h"
#include "util/csv.h"

using namespace reserva;

namespace {

void check_table(std::string_view text) {
    csv_table table;
    try {
        table = parse_csv(text);
    } catch (const csv_error& e) {
        FUZZ_CHECK(std::string(e.what()).size() > 0);
        return;
    }
    FUZZ_CHECK(table.delimiter == ',' || table.delimiter == ';');
    int last = 0;
    std::string again;
    std::vector<std::vector<std::string>> kept;
    for (auto& row : table.rows) {
        FUZZ_CHECK(row.line > last);
        last = row.line;
        FUZZ_CHECK(!row.fields.empty());
        if (row.fields.size() == 1 && row.fields[0].empty()) continue;  // would be written as a blank line
        std::vector<std::string> written;
        for (auto& f : row.fields) written.push_back(csv_field(f));
        again += csv_line(written);
        kept.push_back(row.fields);
    }
    csv_table back;
    try {
        back = parse_csv(again);
    } catch (const csv_error& e) {
        std::fprintf(stderr, "written back, the rows do not parse: %s\n", e.what());
        FUZZ_CHECK(!"csv_line output is refused by parse_csv");
    }
    FUZZ_CHECK(back.rows.size() == kept.size());
    for (std::size_t i = 0; i < kept.size(); ++i) FUZZ_CHECK(back.rows[i].fields == kept[i]);
}

void check_import(std::string_view text) {
    store::parsed_import parsed;
    try {
        parsed = store::parse_stock_csv(text);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "unexpected exception from parse_stock_csv: %s\n", e.what());
        FUZZ_CHECK(!"parse_stock_csv threw");
    }
    std::set<int> bad_lines;
    for (auto& b : parsed.bad) {
        FUZZ_CHECK(b.line >= 0);
        FUZZ_CHECK(!b.reason.empty());
        bad_lines.insert(b.line);
    }
    std::set<std::string> skus;
    for (auto& line : parsed.lines) {
        FUZZ_CHECK(line.line >= 2);
        FUZZ_CHECK(!bad_lines.count(line.line));
        FUZZ_CHECK(store::valid_sku(line.sku));
        FUZZ_CHECK(skus.insert(line.sku).second);
        if (parsed.mode == store::import_mode::counts) FUZZ_CHECK(line.value >= 0 && line.value <= 1000000);
        else FUZZ_CHECK(line.value >= -1000000 && line.value <= 1000000);
    }
    FUZZ_CHECK(!parsed.lines.empty() || !parsed.bad.empty());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto text = reserva::fuzzing::as_view(data, size);
    check_table(text);
    check_import(text);
    return 0;
}
