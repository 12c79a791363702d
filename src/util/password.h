// Password storage: PBKDF2-HMAC-SHA256 (OpenSSL) with a random salt, at OWASP's current
// iteration count. The parameters travel with the hash ("pbkdf2_sha256$ITER$SALT$HASH"), so the
// count can be raised later and old hashes still verify.
#pragma once
#include <string>

namespace reserva {

inline constexpr int password_iterations = 600000;

std::string hash_password(const std::string& password, int iterations = password_iterations);
// Constant-time comparison; false for a malformed stored hash.
bool verify_password(const std::string& password, const std::string& stored);
// Spends the same time as a real check: used when the e-mail has no account, so the answer
// time does not tell whether it exists.
void spend_password_time(const std::string& password);

}  // namespace reserva
