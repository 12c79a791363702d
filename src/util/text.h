// Small string helpers shared by the parsers.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace reserva {

std::string_view trim(std::string_view s);
std::vector<std::string_view> split(std::string_view s, char separator);
bool starts_with(std::string_view s, std::string_view prefix);
// Digits only (an optional leading '-'), no overflow; anything else is nullopt.
std::optional<std::int64_t> parse_int64(std::string_view s);
// Well-formed UTF-8 (no overlong forms, no surrogates): what the utf8mb4 columns accept.
bool valid_utf8(std::string_view s);
// The host of "scheme://[user@]host[:port]/..." in lower case, IPv6 with its brackets; "" when
// the URL has no "://".
std::string url_host(std::string_view url);
// A positive database id from a URL or form: 1..2^53 in plain digits.
std::optional<std::int64_t> parse_id(std::string_view s);
// "1 minute", "5 minutes": a count with its noun, for messages people read.
std::string count_of(std::int64_t n, const std::string& singular, const std::string& plural);
// A wait in words, rounded up: "1 second", "40 seconds", "2 minutes".
std::string describe_wait(int seconds);

}  // namespace reserva
