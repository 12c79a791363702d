#include "store/stock_import.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <algorithm>
#include <map>
#include <memory>
#include <optional>

#include "db/transaction.h"
#include "store/product_admin.h"
#include "store/stock_ledger.h"
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

struct variant_now {
    std::int64_t stock_id = 0;
    std::string product, color, size;
    int on_hand = 0, held = 0;
};

std::optional<variant_now> look_up(db::connection& conn, const std::string& sku) {
    auto& query = conn.prepare(
        "SELECT s.id, p.name, c.name, s.size, s.quantity, s.held FROM item_stock s"
        "  JOIN product p ON p.id = s.product_id JOIN color c ON c.id = s.color_id WHERE s.sku = ?");
    query.setString(1, sku);
    std::unique_ptr<sql::ResultSet> row(query.executeQuery());
    if (!row->next()) return std::nullopt;
    return variant_now{row->getInt64(1), row->getString(2), row->getString(3), row->getString(4), row->getInt(5), row->getInt(6)};
}

// The variants' on-hand now (locked when lock is set, in ascending id order), then each line
// checked against them.
import_plan make_plan(db::connection& conn, const parsed_import& parsed, bool lock) {
    import_plan plan;
    plan.mode = parsed.mode;
    plan.bad = parsed.bad;
    std::map<std::string, variant_now> found;
    for (auto& line : parsed.lines)
        if (auto v = look_up(conn, line.sku)) found.emplace(line.sku, *v);
    if (lock) {
        std::vector<std::int64_t> ids;
        for (auto& [sku, v] : found) ids.push_back(v.stock_id);
        std::sort(ids.begin(), ids.end());
        for (auto id : ids) {
            auto& row = conn.prepare("SELECT id FROM item_stock WHERE id = ? FOR UPDATE");
            row.setInt64(1, id);
            std::unique_ptr<sql::ResultSet>(row.executeQuery());
        }
        // What a sale did between the look-up and the lock counts.
        for (auto& [sku, v] : found)
            if (auto again = look_up(conn, sku)) v = *again;
    }
    for (auto& line : parsed.lines) {
        auto v = found.find(line.sku);
        if (v == found.end()) {
            plan.bad.push_back({line.line, "no variant has the SKU '" + line.sku + "'"});
            continue;
        }
        int after = parsed.mode == import_mode::counts ? line.value : v->second.on_hand + line.value;
        if (after < 0) {
            plan.bad.push_back({line.line, "on hand is " + std::to_string(v->second.on_hand) + "; a delta of " +
                                               std::to_string(line.value) + " would take it below 0"});
            continue;
        }
        if (after > max_units) {
            plan.bad.push_back({line.line, "on hand would be " + std::to_string(after) + ", over " + std::to_string(max_units)});
            continue;
        }
        if (after == v->second.on_hand) {
            ++plan.unchanged;
            continue;
        }
        plan.changes.push_back({line.line, line.sku, v->second.product, v->second.color, v->second.size,
                                v->second.stock_id, v->second.on_hand, after, v->second.held});
    }
    std::stable_sort(plan.bad.begin(), plan.bad.end(), [](auto& a, auto& b) { return a.line < b.line; });
    return plan;
}

// A line turned bad between the preview and the locks: the transaction is rolled back.
struct refused {
    import_plan plan;
};

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

import_plan preview_stock_import(db::pool& pool, std::string_view file) {
    auto parsed = parse_stock_csv(file);
    return db::with_connection(pool, [&](db::connection& conn) { return make_plan(conn, parsed, false); });
}

import_plan apply_stock_import(db::pool& pool, std::string_view file, const std::string& who, const std::string& note) {
    auto parsed = parse_stock_csv(file);
    if (!parsed.bad.empty()) return preview_stock_import(pool, file);
    try {
        return db::in_transaction(pool, [&](db::connection& conn) {
            auto plan = make_plan(conn, parsed, true);
            if (!plan.bad.empty()) throw refused{plan};  // rolled back: nothing was written
            for (auto& change : plan.changes)
                ledger::apply(conn, {change.stock_id, change.on_hand_after - change.on_hand_before, ledger::reason::import,
                                     who, 0, note});
            plan.applied = true;
            return plan;
        });
    } catch (const refused& r) {
        return r.plan;
    }
}

}  // namespace reserva::store
