#include "util/csv.h"

#include <csv.h>

#include <memory>

namespace reserva {
namespace {

constexpr std::string_view utf8_bom = "\xEF\xBB\xBF";

// What libcsv trims around an unquoted field.
bool is_blank(char c) { return c == ' ' || c == '\t'; }

// Counted in the first row outside quoted fields, where a delimiter can be.
char guess_delimiter(std::string_view text) {
    std::size_t commas = 0, semicolons = 0;
    bool quoted = false;
    for (char c : text) {
        if (c == '"') quoted = !quoted;
        else if (!quoted && (c == '\r' || c == '\n')) break;
        else if (!quoted) {
            commas += c == ',';
            semicolons += c == ';';
        }
    }
    return semicolons > commas ? ';' : ',';
}

// What libcsv's callbacks build. With CSV_REPALL_NL every line break outside a quoted field ends a
// row, so "\r\n" ends one row and then reports an empty one: that second report is dropped,
// while an empty row after a lone "\n" (or "\r\n\r\n") is a blank spreadsheet row and counts.
struct collector {
    csv_table table;
    csv_row current;
    int line = 1;
    bool in_row = false;
    int last_end = 0;

    static void on_field(void* data, std::size_t length, void* self) {
        auto* c = static_cast<collector*>(self);
        c->current.fields.emplace_back(static_cast<const char*>(data), length);
        c->in_row = true;
    }
    static void on_row_end(int terminator, void* self) {
        auto* c = static_cast<collector*>(self);
        bool empty = !c->in_row;
        bool crlf_tail = empty && terminator == '\n' && c->last_end == '\r';
        c->last_end = terminator;
        if (crlf_tail) return;
        if (!empty) {
            c->current.line = c->line;
            c->table.rows.push_back(std::move(c->current));
        }
        c->current = csv_row{};
        c->in_row = false;
        ++c->line;
    }
};

struct parser_free {
    void operator()(csv_parser* p) const {
        csv_free(p);
        delete p;
    }
};

}  // namespace

csv_table parse_csv(std::string_view text) {
    if (text.substr(0, 2) == "\xFF\xFE" || text.substr(0, 2) == "\xFE\xFF")
        throw csv_error("the file is UTF-16 text; save it as \"CSV UTF-8\" instead");
    if (text.substr(0, utf8_bom.size()) == utf8_bom) text.remove_prefix(utf8_bom.size());
    std::unique_ptr<csv_parser, parser_free> parser(new csv_parser);
    if (csv_init(parser.get(), CSV_STRICT | CSV_REPALL_NL | CSV_STRICT_FINI) != 0) throw std::bad_alloc();
    collector rows;
    rows.table.delimiter = guess_delimiter(text);
    csv_set_delim(parser.get(), static_cast<unsigned char>(rows.table.delimiter));
    std::size_t parsed = csv_parse(parser.get(), text.data(), text.size(), collector::on_field, collector::on_row_end, &rows);
    if (parsed != text.size() || csv_fini(parser.get(), collector::on_field, collector::on_row_end, &rows) != 0) {
        if (::csv_error(parser.get()) == CSV_ENOMEM || ::csv_error(parser.get()) == CSV_ETOOBIG) throw std::bad_alloc();
        throw csv_error("line " + std::to_string(rows.line) +
                        ": a double quote out of place (a quoted field must end with a quote followed by the "
                        "delimiter or the end of the line; a quote inside one is written twice)");
    }
    return std::move(rows.table);
}

std::string csv_field(const std::string& value, bool as_text) {
    std::string v = value;
    if (as_text && !v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@')) v = "'" + v;
    // A field that starts with a byte over 127 is quoted too: coming first in a file, a BOM (UTF-8 or
    // UTF-16) at its start would be taken for the file's own.
    bool plain = v.find_first_of(",;\"\r\n") == std::string::npos &&
                 (v.empty() || (!is_blank(v.front()) && !is_blank(v.back()) && static_cast<unsigned char>(v.front()) < 0x80));
    if (plain) return v;
    std::string quoted(v.size() * 2 + 2, '\0');
    quoted.resize(csv_write(quoted.data(), quoted.size(), v.data(), v.size()));
    return quoted;
}

std::string csv_line(const std::vector<std::string>& fields) {
    std::string line;
    for (std::size_t i = 0; i < fields.size(); ++i) line += (i ? "," : "") + fields[i];
    return line + "\r\n";
}

}  // namespace reserva
