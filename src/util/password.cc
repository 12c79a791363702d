#include "util/password.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <stdexcept>
#include <vector>

#include "util/random.h"
#include "util/text.h"

namespace reserva {
namespace {

std::string derive_hex(const std::string& password, const std::string& salt, int iterations) {
    unsigned char key[32];
    if (PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()),
                          reinterpret_cast<const unsigned char*>(salt.data()), static_cast<int>(salt.size()), iterations,
                          EVP_sha256(), sizeof key, key) != 1)
        throw std::runtime_error("PBKDF2 failed");
    static const char hex[] = "0123456789abcdef";
    std::string out;
    for (unsigned char b : key) {
        out += hex[b >> 4];
        out += hex[b & 15];
    }
    return out;
}

}  // namespace

std::string hash_password(const std::string& password, int iterations) {
    std::string salt = random_hex(16);
    return "pbkdf2_sha256$" + std::to_string(iterations) + "$" + salt + "$" + derive_hex(password, salt, iterations);
}

bool verify_password(const std::string& password, const std::string& stored) {
    auto parts = split(stored, '$');
    if (parts.size() != 4 || parts[0] != "pbkdf2_sha256") return false;
    auto iterations = parse_int64(parts[1]);
    if (!iterations || *iterations < 1000 || *iterations > 100000000) return false;
    std::string expected(parts[3]);
    std::string actual = derive_hex(password, std::string(parts[2]), static_cast<int>(*iterations));
    return expected.size() == actual.size() && CRYPTO_memcmp(expected.data(), actual.data(), actual.size()) == 0;
}

void spend_password_time(const std::string& password) { derive_hex(password, "no-account-salt", password_iterations); }

}  // namespace reserva
