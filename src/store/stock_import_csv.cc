#include "store/stock_import_csv.h"

#include <algorithm>
#include <map>
#include <optional>

#include "store/product_sku.h"
#include "util/csv.h"
#include "util/text.h"

namespace reserva::store {
namespace {

constexpr int max_units = 1000000;

std::string lower(std::string_view s) {
    std::string out(trim(s));
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

struct columns {
    std::size_t sku = 0, value = 0;
};

// The header row: which column is the SKU and which the number; nullopt with bad filled when
// the header says neither counts nor deltas.
std::optional<columns> read_header(const csv_row& header, parsed_import& out) {
    std::optional<std::size_t> sku, count, delta;
    for (std::size_t i = 0; i < header.fields.size(); ++i) {
        auto name = lower(header.fields[i]);
        if (name == "sku" && !sku) sku = i;
        else if ((name == "quantity" || name == "on_hand") && !count) count = i;
        else if (name == "delta" && !delta) delta = i;
    }
    std::string problem;
    if (!sku) problem = "the header has no \"sku\" column";
    else if (count && delta) problem = "the header has both a count column (quantity) and \"delta\": give one of them";
    else if (!count && !delta) problem = "the header has neither \"quantity\" (counts) nor \"delta\" (adjustments)";
    if (!problem.empty()) {
        out.bad.push_back({header.line, problem + "; it must be sku,quantity or sku,delta"});
        return std::nullopt;
    }
    out.mode = count ? import_mode::counts : import_mode::deltas;
    return columns{*sku, count ? *count : *delta};
}

std::string number_problem(const std::string& text, import_mode mode) {
    std::string what = mode == import_mode::counts ? "quantity" : "delta";
    if (text.empty()) return "the " + what + " is empty";
    auto n = parse_int64(text);
    if (!n) return "the " + what + " '" + text + "' is not a whole number";
    if (mode == import_mode::counts && (*n < 0 || *n > max_units))
        return "the quantity " + text + " is not from 0 to " + std::to_string(max_units);
    if (mode == import_mode::deltas && (*n < -max_units || *n > max_units))
        return "the delta " + text + " is not from -" + std::to_string(max_units) + " to " + std::to_string(max_units);
    return "";
}

}  // namespace

parsed_import parse_stock_csv(std::string_view file) {
    parsed_import out;
    if (file.size() > max_import_bytes) {
        out.bad.push_back({0, "the file is larger than 10 MiB"});
        return out;
    }
    csv_table table;
    try {
        table = parse_csv(file);
    } catch (const csv_error& e) {
        out.bad.push_back({0, e.what()});
        return out;
    }
    if (table.rows.empty()) {
        out.bad.push_back({0, "the file is empty; the first line must be the header sku,quantity or sku,delta"});
        return out;
    }
    if (static_cast<int>(table.rows.size()) > max_import_rows + 1) {
        out.bad.push_back({0, "the file has more than " + std::to_string(max_import_rows) + " lines"});
        return out;
    }
    auto cols = read_header(table.rows.front(), out);
    if (!cols) return out;
    std::map<std::string, int> first_line_of;
    for (std::size_t r = 1; r < table.rows.size(); ++r) {
        auto& row = table.rows[r];
        bool all_empty = std::all_of(row.fields.begin(), row.fields.end(), [](auto& f) { return trim(f).empty(); });
        if (all_empty) continue;  // ",," rows a spreadsheet leaves at the end
        auto field = [&](std::size_t i) { return i < row.fields.size() ? std::string(trim(row.fields[i])) : std::string(); };
        std::string sku = field(cols->sku), value = field(cols->value);
        if (out.mode == import_mode::deltas && value.size() > 1 && value[0] == '+') value.erase(0, 1);  // "+12" received
        std::string problem;
        bool utf8 = std::all_of(row.fields.begin(), row.fields.end(), [](auto& f) { return valid_utf8(f); });
        if (!utf8) problem = "the line is not UTF-8 text (save the file as \"CSV UTF-8\")";
        else if (sku.empty()) problem = "the SKU is empty";
        else if (!valid_sku(sku)) problem = "'" + sku + "' is not a SKU (letters, digits, '.', '_' or '-', at most 64)";
        else if (first_line_of.count(sku)) problem = "the SKU " + sku + " is on line " + std::to_string(first_line_of[sku]) + " already";
        else problem = number_problem(value, out.mode);
        if (!problem.empty()) {
            out.bad.push_back({row.line, problem});
            continue;
        }
        first_line_of[sku] = row.line;
        out.lines.push_back({row.line, sku, static_cast<int>(*parse_int64(value))});
    }
    if (out.lines.empty() && out.bad.empty()) out.bad.push_back({0, "the file has a header but no lines"});
    return out;
}

}  // namespace reserva::store
