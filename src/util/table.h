// Plain-text tables for the operator CLI.
#pragma once
#include <string>
#include <vector>

namespace reserva {

struct text_table {
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
};

// Columns padded to their widest cell, a rule under the header, "(none)" for no rows.
std::string format_table(const text_table& table);

}  // namespace reserva
