// Money is integer cents end to end; these are the only conversions to and from text.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace reserva {

using cents = std::int64_t;

// "129.90", "129.9", "129" -> cents; no sign, no thousands separators, at most 2 decimals,
// at most R$ 10 billion. Anything else is nullopt.
std::optional<cents> parse_decimal_amount(std::string_view text);
// 123456 -> "R$ 1.234,56" (Brazilian form, for pages and e-mail).
std::string format_brl(cents amount);
// 123456 -> "1234.56" (for the gateway and the operator CLI).
std::string format_decimal(cents amount);

}  // namespace reserva
