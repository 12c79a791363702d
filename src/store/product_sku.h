// SKUs: their form and the default a new variant gets. Pure functions (the CSV import's parser
// and its fuzz target use them without a database).
#pragma once
#include <cstdint>
#include <string>

namespace reserva::store {

// 1..64 characters of A-Z a-z 0-9 . _ - (what a spreadsheet, a label printer and a URL keep).
bool valid_sku(const std::string& sku);
// P{product}-{color code}-{size}, e.g. P12-BLK-M: the color's first letter, then the first and
// the last of the consonants after it, upper case, ASCII only.
std::string default_sku(std::int64_t product_id, const std::string& color_name, const std::string& size);

}  // namespace reserva::store
