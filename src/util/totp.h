// Time-based one-time passwords (RFC 6238: HMAC-SHA-1, 6 digits, 30-second steps) through
// liboath, for the back office's second factor. Secrets travel as base32, as authenticator
// apps read them from an otpauth:// URI.
#pragma once
#include <cstdint>
#include <ctime>
#include <optional>
#include <string>

namespace reserva::totp {

inline constexpr unsigned step_seconds = 30;
inline constexpr unsigned digits = 6;

// 160 random bits (RFC 4226's recommended length), base32 without padding.
std::string new_secret();
// otpauth://totp/ISSUER:ACCOUNT?secret=...&issuer=ISSUER&algorithm=SHA1&digits=6&period=30
std::string provisioning_uri(const std::string& issuer, const std::string& account, const std::string& secret_base32);
// The step (now / 30) of the code that matches `code`, looking one step either side of `now`
// for clock drift (RFC 6238 section 5.2); nullopt when it matches none or is malformed. The
// caller accepts a step only if it is newer than the last one accepted: each code counts once.
std::optional<std::int64_t> matching_step(const std::string& secret_base32, const std::string& code, std::time_t now);
// The code for a raw (not base32) secret at `when`, with `code_digits` digits (6, 7 or 8): for
// the RFC's test vectors and for tests that sign in.
std::string code_for_raw_secret(const std::string& raw_secret, std::time_t when, unsigned code_digits = digits);
std::string code_for(const std::string& secret_base32, std::time_t when);

}  // namespace reserva::totp
