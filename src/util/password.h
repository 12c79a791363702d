// Password storage: PBKDF2-HMAC-SHA256 (OpenSSL) with a random salt, at OWASP's current
// iteration count. The parameters travel with the hash ("pbkdf2_sha256$ITER$SALT$HASH"), so the
// count can be raised later and old hashes still verify.
#pragma once
#include <stdexcept>
#include <string>

namespace reserva {

inline constexpr int password_iterations = 600000;

// Every derivation (hash, verify, spend) takes one of as many slots as the machine has cores; a
// few more callers may wait for a slot briefly, the rest get this at once. So a flood of
// /register/ or /login/ fills the cores but never every worker thread: the shop keeps answering.
class password_busy : public std::runtime_error {
public:
    password_busy() : std::runtime_error("every password slot is busy") {}
};
inline constexpr int password_busy_retry_seconds = 5;

std::string hash_password(const std::string& password, int iterations = password_iterations);
// Constant-time comparison; false for a malformed stored hash.
bool verify_password(const std::string& password, const std::string& stored);
// Spends the same time as a real check: used when the e-mail has no account, so the answer
// time does not tell whether it exists.
void spend_password_time(const std::string& password);
// How many derivations may run at once (the cores) and wait for a slot (as many again).
int password_slots();

}  // namespace reserva
