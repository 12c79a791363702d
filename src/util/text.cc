#include "util/text.h"

#include <algorithm>
#include <limits>

namespace reserva {

std::string_view trim(std::string_view s) {
    const char* space = " \t\r\n";
    auto first = s.find_first_not_of(space);
    if (first == std::string_view::npos) return {};
    auto last = s.find_last_not_of(space);
    return s.substr(first, last - first + 1);
}

std::vector<std::string_view> split(std::string_view s, char separator) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    for (;;) {
        auto at = s.find(separator, start);
        if (at == std::string_view::npos) {
            parts.push_back(s.substr(start));
            return parts;
        }
        parts.push_back(s.substr(start, at - start));
        start = at + 1;
    }
}

bool starts_with(std::string_view s, std::string_view prefix) {
    return s.substr(0, prefix.size()) == prefix;
}

std::optional<std::int64_t> parse_int64(std::string_view s) {
    bool negative = !s.empty() && s.front() == '-';
    if (negative) s.remove_prefix(1);
    if (s.empty() || s.size() > 18) return std::nullopt;  // 18 digits always fit in int64
    std::int64_t value = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return std::nullopt;
        value = value * 10 + (c - '0');
    }
    return negative ? -value : value;
}

bool valid_utf8(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        auto c = static_cast<unsigned char>(s[i]);
        int extra = c < 0x80 ? 0 : (c >> 5) == 0x6 ? 1 : (c >> 4) == 0xe ? 2 : (c >> 3) == 0x1e ? 3 : -1;
        if (extra < 0 || i + static_cast<std::size_t>(extra) >= s.size()) return false;  // cut short
        std::uint32_t code = extra == 0 ? c : c & (0x3f >> extra);
        for (int k = 1; k <= extra; ++k) {
            auto next = static_cast<unsigned char>(s[i + k]);
            if ((next >> 6) != 0x2) return false;
            code = (code << 6) | (next & 0x3f);
        }
        static const std::uint32_t smallest[] = {0, 0x80, 0x800, 0x10000};
        if (code < smallest[extra] || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return false;
        i += static_cast<std::size_t>(extra) + 1;
    }
    return true;
}

std::optional<std::int64_t> parse_id(std::string_view s) {
    if (s.empty() || s.front() == '-') return std::nullopt;
    auto value = parse_int64(s);
    if (!value || *value < 1 || *value > (std::int64_t{1} << 53)) return std::nullopt;
    return value;
}

std::string url_host(std::string_view url) {
    auto scheme_end = url.find("://");
    if (scheme_end == std::string_view::npos) return {};
    std::string_view rest = url.substr(scheme_end + 3);
    rest = rest.substr(0, rest.find_first_of("/?#"));
    if (auto at = rest.rfind('@'); at != std::string_view::npos) rest = rest.substr(at + 1);
    if (!rest.empty() && rest.front() == '[') rest = rest.substr(0, rest.find(']') + 1);
    else rest = rest.substr(0, rest.find(':'));
    std::string host;
    for (char c : rest) host += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    return host;
}

std::string count_of(std::int64_t n, const std::string& singular, const std::string& plural) {
    return std::to_string(n) + " " + (n == 1 ? singular : plural);
}

std::string describe_wait(int seconds) {
    if (seconds < 60) return count_of(std::max(seconds, 1), "second", "seconds");
    return count_of((seconds + 59) / 60, "minute", "minutes");
}

}  // namespace reserva
