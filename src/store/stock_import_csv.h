// What a stock CSV file says (store/stock_import.h has the rules), read without a database:
// the mode from the header, the good lines and the bad ones with their reasons.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace reserva::store {

inline constexpr std::size_t max_import_bytes = 10 * 1024 * 1024;
inline constexpr int max_import_rows = 100000;

enum class import_mode { counts, deltas };

struct import_line {
    int line = 0;
    std::string sku;
    int value = 0;  // the count or the delta as written
};
struct bad_line {
    int line = 0;  // 1 is the header; 0: the file as a whole
    std::string reason;
};

// What the file says, before any look-up: parse_stock_csv never touches the database.
struct parsed_import {
    import_mode mode = import_mode::counts;
    std::vector<import_line> lines;
    std::vector<bad_line> bad;
};
parsed_import parse_stock_csv(std::string_view file);

}  // namespace reserva::store
