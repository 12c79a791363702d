// Unguessable identifiers (session cookies, CSRF tokens, payment references) from OpenSSL.
#pragma once
#include <cstddef>
#include <string>

namespace reserva {

// 2 * bytes lowercase hex digits from RAND_bytes (drawn 512 bytes at a time per thread, each byte
// used once); throws std::runtime_error if OpenSSL cannot.
std::string random_hex(std::size_t bytes);

}  // namespace reserva
