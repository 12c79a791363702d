// Digests from OpenSSL in lowercase hex: SHA-256, what the store keeps of a session token, an
// e-mailed link or a recovery code (a copy of the table signs nobody in; the tokens have 128
// random bits, so a fast hash is enough), and HMAC-SHA256, what signs webhooks and form tokens.
#pragma once
#include <cstddef>
#include <string>

namespace reserva {

std::string sha256_hex(const std::string& text);
std::string hmac_sha256_hex(const std::string& secret, const std::string& message);
// Bytes as lowercase hex, two characters a byte.
std::string lower_hex(const unsigned char* bytes, std::size_t size);
// Equal length and equal bytes, in time that does not depend on where they differ.
bool equal_in_constant_time(const std::string& a, const std::string& b);

}  // namespace reserva
