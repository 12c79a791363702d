#include "util/table.h"

#include <algorithm>

namespace reserva {

std::string format_table(const text_table& table) {
    std::vector<std::size_t> widths;
    for (auto& cell : table.header) widths.push_back(cell.size());
    for (auto& row : table.rows)
        for (std::size_t i = 0; i < row.size() && i < widths.size(); ++i) widths[i] = std::max(widths[i], row[i].size());
    auto line = [&](const std::vector<std::string>& cells) {
        std::string out;
        for (std::size_t i = 0; i < widths.size(); ++i) {
            std::string cell = i < cells.size() ? cells[i] : "";
            out += cell;
            if (i + 1 < widths.size()) out += std::string(widths[i] - cell.size() + 2, ' ');
        }
        while (!out.empty() && out.back() == ' ') out.pop_back();
        return out + "\n";
    };
    std::string out = line(table.header);
    std::string rule;
    for (std::size_t i = 0; i < widths.size(); ++i) rule += std::string(widths[i], '-') + (i + 1 < widths.size() ? "  " : "");
    out += rule + "\n";
    for (auto& row : table.rows) out += line(row);
    if (table.rows.empty()) out += "(none)\n";
    return out;
}

}  // namespace reserva
