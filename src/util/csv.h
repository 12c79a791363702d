// CSV files as spreadsheets write them, read with libcsv (strict quoting): rows numbered as the
// spreadsheet shows them (the first row is 1, a quoted field that holds a line break stays one
// row, a blank line is a row of its own), a UTF-8 BOM skipped, CRLF or LF, comma or semicolon
// (Brazilian spreadsheets use ';', since ',' is their decimal point). And the other way: one
// field written for a spreadsheet.
#pragma once
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace reserva {

struct csv_row {
    int line = 0;  // the spreadsheet's row number
    std::vector<std::string> fields;
};

struct csv_table {
    char delimiter = ',';
    std::vector<csv_row> rows;  // blank rows left out (their numbers are skipped)
};

// The file cannot be read as CSV at all (UTF-16, a stray quote ...): what() says why and where.
class csv_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The delimiter is the one of ',' and ';' that the first row has more of (',' when neither).
csv_table parse_csv(std::string_view text);

// A field for a CSV file: quoted when it holds the delimiter, a quote, a line break or leading
// or trailing space or tab, or starts with a non-ASCII byte (a BOM would be read as the file's). Text that a spreadsheet would run as a formula (=, +, -, @ first) gets a
// leading apostrophe when as_text is set (CSV injection).
std::string csv_field(const std::string& value, bool as_text = false);
// Fields made by csv_field, joined with commas and ended with "\r\n" (RFC 4180).
std::string csv_line(const std::vector<std::string>& fields);

}  // namespace reserva
