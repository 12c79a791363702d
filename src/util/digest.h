// SHA-256 in hex (OpenSSL): what the store keeps of a session token or a recovery code, so that
// a copy of the table signs nobody in.
#pragma once
#include <string>

namespace reserva {

std::string sha256_hex(const std::string& text);

}  // namespace reserva
