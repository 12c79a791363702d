#include "util/money.h"

namespace reserva {

std::optional<cents> parse_decimal_amount(std::string_view text) {
    auto dot = text.find('.');
    auto whole = text.substr(0, dot);
    auto fraction = dot == std::string_view::npos ? std::string_view{} : text.substr(dot + 1);
    if (whole.empty() || whole.size() > 10 || fraction.size() > 2) return std::nullopt;
    if (dot != std::string_view::npos && fraction.empty()) return std::nullopt;
    cents value = 0;
    for (char c : whole) {
        if (c < '0' || c > '9') return std::nullopt;
        value = value * 10 + (c - '0');
    }
    for (std::size_t i = 0; i < 2; ++i) {
        char c = i < fraction.size() ? fraction[i] : '0';
        if (c < '0' || c > '9') return std::nullopt;
        value = value * 10 + (c - '0');
    }
    return value;
}

namespace {
std::string digits_grouped(cents units, char separator) {
    std::string plain = std::to_string(units);
    std::string grouped;
    for (std::size_t i = 0; i < plain.size(); ++i) {
        if (i > 0 && (plain.size() - i) % 3 == 0) grouped += separator;
        grouped += plain[i];
    }
    return grouped;
}

std::string two_digits(cents value) {
    return std::string(1, char('0' + value / 10)) + char('0' + value % 10);
}
}  // namespace

std::string format_brl(cents amount) {
    bool negative = amount < 0;
    cents magnitude = negative ? -amount : amount;
    return std::string(negative ? "-R$ " : "R$ ") + digits_grouped(magnitude / 100, '.') + "," +
           two_digits(magnitude % 100);
}

std::string format_decimal(cents amount) {
    bool negative = amount < 0;
    cents magnitude = negative ? -amount : amount;
    return std::string(negative ? "-" : "") + std::to_string(magnitude / 100) + "." + two_digits(magnitude % 100);
}

}  // namespace reserva
