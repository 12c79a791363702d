// The small parsers that see form and URL text: parse_int64, parse_id, split, trim,
// parse_decimal_amount (with format_brl / format_decimal round trips), validate_address and
// validate_email (with their normalisations).
//
// Input: the whole input goes to the number and split parsers; its lines are also an address
// (street, number, complement, neighborhood, city, state, zip) and an e-mail.
#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <optional>
#include <set>
#include <string>

#include "fuzz_common.h"
#include "store/address.h"
#include "util/money.h"
#include "util/text.h"

using namespace reserva;

namespace {

using reserva::fuzzing::is_digits;

// "R$ 1.234,56" / "-R$ 0,05" back to cents.
std::optional<cents> parse_brl(const std::string& s) {
    bool negative = s.rfind("-R$ ", 0) == 0;
    std::string rest = s.substr(negative ? 4 : 3);
    if (!negative && s.rfind("R$ ", 0) != 0) return std::nullopt;
    auto comma = rest.find(',');
    if (comma == std::string::npos || rest.size() - comma != 3) return std::nullopt;
    std::string whole;
    for (std::size_t i = 0; i < comma; ++i) {
        // groups of three separated by '.', counted from the comma
        if ((comma - i) % 4 == 0) {
            if (rest[i] != '.') return std::nullopt;
        } else {
            whole += rest[i];
        }
    }
    if (!is_digits(whole) || !is_digits(rest.substr(comma + 1))) return std::nullopt;
    cents v = std::stoll(whole) * 100 + std::stoll(rest.substr(comma + 1));
    return negative ? -v : v;
}

std::optional<cents> parse_plain_decimal(const std::string& s) {
    bool negative = !s.empty() && s[0] == '-';
    std::string rest = s.substr(negative ? 1 : 0);
    auto dot = rest.find('.');
    if (dot == std::string::npos || rest.size() - dot != 3) return std::nullopt;
    if (!is_digits(rest.substr(0, dot)) || !is_digits(rest.substr(dot + 1))) return std::nullopt;
    cents v = std::stoll(rest.substr(0, dot)) * 100 + std::stoll(rest.substr(dot + 1));
    return negative ? -v : v;
}

bool has_control(const std::string& s) {
    for (unsigned char c : s)
        if (c < 0x20 || c == 0x7f) return true;
    return false;
}

void check_formats(cents v) {
    auto brl = format_brl(v);
    auto back = parse_brl(brl);
    if (!back || *back != v) {
        std::fprintf(stderr, "format_brl(%lld) = '%s' does not read back\n", static_cast<long long>(v), brl.c_str());
        FUZZ_CHECK(!"format_brl round trip");
    }
    auto plain = format_decimal(v);
    auto back2 = parse_plain_decimal(plain);
    if (!back2 || *back2 != v) {
        std::fprintf(stderr, "format_decimal(%lld) = '%s' does not read back\n", static_cast<long long>(v), plain.c_str());
        FUZZ_CHECK(!"format_decimal round trip");
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text = reserva::fuzzing::as_view(data, size);
    std::string s(text);

    // parse_int64: exactly an optional '-' and 1..18 digits, the value strtoll sees.
    {
        auto v = parse_int64(text);
        std::string digits = s.substr(!s.empty() && s[0] == '-' ? 1 : 0);
        bool shape = is_digits(digits) && digits.size() <= 18;
        FUZZ_CHECK(v.has_value() == shape);
        if (v) FUZZ_CHECK(*v == std::strtoll(s.c_str(), nullptr, 10));
    }
    // parse_id: plain digits, 1..2^53.
    {
        auto id = parse_id(text);
        if (id) {
            FUZZ_CHECK(is_digits(text));
            FUZZ_CHECK(*id >= 1 && *id <= (std::int64_t{1} << 53));
            FUZZ_CHECK(parse_int64(text) == id);
        } else if (is_digits(text) && text.size() <= 18) {
            auto v = std::strtoll(s.c_str(), nullptr, 10);
            FUZZ_CHECK(v < 1 || v > (std::int64_t{1} << 53));
        }
    }
    // parse_decimal_amount: "D{1,10}(.D{1,2})?" and nothing else; formats read back.
    {
        auto amount = parse_decimal_amount(text);
        auto dot = s.find('.');
        std::string whole = s.substr(0, dot), fraction = dot == std::string::npos ? "" : s.substr(dot + 1);
        bool shape = is_digits(whole) && whole.size() <= 10 &&
                     (dot == std::string::npos || (is_digits(fraction) && fraction.size() <= 2));
        FUZZ_CHECK(amount.has_value() == shape);
        if (amount) {
            FUZZ_CHECK(*amount >= 0 && *amount <= 999'999'999'999LL);
            cents expected = std::stoll(whole) * 100 + (fraction.empty() ? 0 : std::stoll(fraction) * (fraction.size() == 1 ? 10 : 1));
            FUZZ_CHECK(*amount == expected);
            check_formats(*amount);
            FUZZ_CHECK(parse_decimal_amount(format_decimal(*amount)) == amount);
        }
    }
    // Any 8 bytes as cents (INT64_MIN aside: no store amount gets near it, and -INT64_MIN
    // overflows in format_brl; see fuzz/README.md).
    if (size >= 8) {
        cents v;
        std::memcpy(&v, data, sizeof v);
        if (v != std::numeric_limits<cents>::min()) check_formats(v);
    }
    // split and trim.
    for (char separator : {'/', ',', '&', '\n'}) {
        auto parts = split(text, separator);
        std::string joined;
        for (std::size_t i = 0; i < parts.size(); ++i) joined += (i ? std::string(1, separator) : "") + std::string(parts[i]);
        FUZZ_CHECK(joined == s);
        FUZZ_CHECK(parts.size() == static_cast<std::size_t>(std::count(s.begin(), s.end(), separator)) + 1);
    }
    {
        auto t = trim(text);
        FUZZ_CHECK(trim(t) == t);
        constexpr std::string_view space = " \t\r\n";
        FUZZ_CHECK(t.empty() || (space.find(t.front()) == std::string_view::npos && space.find(t.back()) == std::string_view::npos));
        FUZZ_CHECK(text.find(t) != std::string_view::npos);
        FUZZ_CHECK(starts_with(text, text.substr(0, size / 2)));
    }

    // The address form and the e-mail.
    auto fields = reserva::fuzzing::lines(text, 8);
    fields.resize(8);
    store::address a{fields[0], fields[1], fields[2], fields[3], fields[4], fields[5], fields[6]};
    auto errors = store::validate_address(a);
    for (auto* f : {&a.street, &a.number, &a.complement, &a.neighborhood, &a.city, &a.state, &a.zip})
        FUZZ_CHECK(std::string(trim(*f)) == *f);
    static const std::set<std::string> known = {"street", "number", "complement", "neighborhood", "city", "state", "zip"};
    for (auto& [field, message] : errors) FUZZ_CHECK(known.count(field) && !message.empty());
    if (!errors.count("zip")) {
        if (!(a.zip.size() == 8 && is_digits(a.zip))) {
            std::fprintf(stderr, "validate_address accepted CEP '%s' (given '%s')\n", a.zip.c_str(), fields[6].c_str());
            FUZZ_CHECK(!"an accepted CEP is 8 digits");
        }
    }
    if (!errors.count("state")) FUZZ_CHECK(a.state.size() == 2 && std::isupper(static_cast<unsigned char>(a.state[0])));
    if (!errors.count("street")) FUZZ_CHECK(!a.street.empty() && a.street.size() <= 200 && !has_control(a.street));
    if (!errors.count("number")) FUZZ_CHECK(!a.number.empty() && a.number.size() <= 20 && !has_control(a.number));
    if (!errors.count("complement")) FUZZ_CHECK(a.complement.size() <= 100 && !has_control(a.complement));
    if (!errors.count("city")) FUZZ_CHECK(!a.city.empty() && a.city.size() <= 100 && !has_control(a.city));
    if (!errors.count("neighborhood"))
        FUZZ_CHECK(!a.neighborhood.empty() && a.neighborhood.size() <= 100 && !has_control(a.neighborhood));
    if (errors.empty()) {
        // A normalised good address stays good and unchanged when checked again.
        store::address again = a;
        FUZZ_CHECK(store::validate_address(again).empty());
        FUZZ_CHECK(again.street == a.street && again.zip == a.zip && again.state == a.state && again.city == a.city);
    }

    std::string email = fields[7];
    auto problem = store::validate_email(email);
    FUZZ_CHECK(std::string(trim(email)) == email);
    if (problem.empty()) {
        auto at = email.find('@');
        FUZZ_CHECK(at != std::string::npos && at > 0 && email.find('@', at + 1) == std::string::npos);
        FUZZ_CHECK(email.size() <= 254 && !has_control(email) && email.find(' ') == std::string::npos);
        FUZZ_CHECK(email.find('.', at) != std::string::npos && email.back() != '.');
    }
    return 0;
}
