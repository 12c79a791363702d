#include "util/totp.h"

#include <liboath/oath.h>
#include <openssl/rand.h>

#include <cctype>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <stdexcept>

namespace reserva::totp {
namespace {

void ensure_oath() {
    static std::once_flag once;
    std::call_once(once, [] {
        if (oath_init() != OATH_OK) throw std::runtime_error("liboath could not be initialised");
    });
}

std::string decode_base32(const std::string& secret_base32) {
    ensure_oath();
    char* raw = nullptr;
    std::size_t length = 0;
    if (oath_base32_decode(secret_base32.data(), secret_base32.size(), &raw, &length) != OATH_OK)
        throw std::invalid_argument("the TOTP secret is not base32");
    std::unique_ptr<char, void (*)(void*)> owned(raw, std::free);
    return std::string(raw, length);
}

std::string url_encode(const std::string& text) {
    static const char hex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '@') out += static_cast<char>(c);
        else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

}  // namespace

std::string new_secret() {
    ensure_oath();
    unsigned char raw[20];
    if (RAND_bytes(raw, sizeof raw) != 1) throw std::runtime_error("RAND_bytes failed");
    char* encoded = nullptr;
    std::size_t length = 0;
    if (oath_base32_encode(reinterpret_cast<const char*>(raw), sizeof raw, &encoded, &length) != OATH_OK)
        throw std::runtime_error("base32 encoding failed");
    std::unique_ptr<char, void (*)(void*)> owned(encoded, std::free);
    std::string secret(encoded, length);
    while (!secret.empty() && secret.back() == '=') secret.pop_back();  // 20 bytes encode without padding anyway
    return secret;
}

std::string provisioning_uri(const std::string& issuer, const std::string& account, const std::string& secret_base32) {
    return "otpauth://totp/" + url_encode(issuer) + ":" + url_encode(account) + "?secret=" + secret_base32 +
           "&issuer=" + url_encode(issuer) + "&algorithm=SHA1&digits=6&period=30";
}

std::optional<std::int64_t> matching_step(const std::string& secret_base32, const std::string& code, std::time_t now) {
    if (code.size() != digits) return std::nullopt;
    for (char c : code)
        if (c < '0' || c > '9') return std::nullopt;
    std::string raw;
    try {
        raw = decode_base32(secret_base32);
    } catch (const std::invalid_argument&) {
        return std::nullopt;
    }
    int position = 0;
    std::uint64_t counter = 0;
    int found = oath_totp_validate3(raw.data(), raw.size(), now, step_seconds, 0, 1, &position, &counter, code.c_str());
    if (found < 0) return std::nullopt;
    return static_cast<std::int64_t>(counter);
}

std::string code_for_raw_secret(const std::string& raw_secret, std::time_t when, unsigned code_digits) {
    ensure_oath();
    char code[16] = {};
    if (oath_totp_generate(raw_secret.data(), raw_secret.size(), when, step_seconds, 0, code_digits, code) != OATH_OK)
        throw std::runtime_error("TOTP generation failed");
    return code;
}

std::string code_for(const std::string& secret_base32, std::time_t when) {
    return code_for_raw_secret(decode_base32(secret_base32), when);
}

}  // namespace reserva::totp
