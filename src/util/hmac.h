// HMAC-SHA256 from OpenSSL, in the lowercase hex that webhook signatures and form tokens use.
#pragma once
#include <string>

namespace reserva {

std::string hmac_sha256_hex(const std::string& secret, const std::string& message);
// Equal length and equal bytes, in time that does not depend on where they differ.
bool equal_in_constant_time(const std::string& a, const std::string& b);

}  // namespace reserva
