#include "store/product_sku.h"

#include <algorithm>
#include <cctype>

namespace reserva::store {
namespace {

// The color's letters as a code: its first letter, then the first and the last of the
// consonants after it ("Black" -> BLK, "White" -> WHT, "Navy" -> NVY).
std::string color_code(const std::string& name) {
    std::string letters;
    for (char c : name)
        if (std::isalnum(static_cast<unsigned char>(c)) && static_cast<unsigned char>(c) < 0x80)
            letters += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (letters.empty()) return "C";
    std::string skeleton(1, letters[0]);
    for (std::size_t i = 1; i < letters.size(); ++i)
        if (std::string("AEIOU").find(letters[i]) == std::string::npos && letters[i] != skeleton.back())
            skeleton += letters[i];
    if (skeleton.size() <= 3) return skeleton;
    return skeleton.substr(0, 2) + skeleton.back();
}

}  // namespace

bool valid_sku(const std::string& sku) {
    if (sku.empty() || sku.size() > 64) return false;
    return std::all_of(sku.begin(), sku.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    });
}

std::string default_sku(std::int64_t product_id, const std::string& color_name, const std::string& size) {
    std::string size_code;
    for (char c : size)
        if (valid_sku(std::string(1, c)) && c != '.') size_code += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (size_code.empty()) size_code = "U";
    return ("P" + std::to_string(product_id) + "-" + color_code(color_name) + "-" + size_code).substr(0, 56);
}

}  // namespace reserva::store
