#include "payments/webhook_signature.h"

#include <cctype>

#include "util/text.h"

namespace reserva::payments {

signature_parts parse_signature_header(const std::string& header) {
    signature_parts parts;
    for (auto piece : split(header, ',')) {
        auto eq = piece.find('=');
        if (eq == std::string_view::npos) continue;
        auto key = trim(piece.substr(0, eq));
        auto value = std::string(trim(piece.substr(eq + 1)));
        if (key == "ts") parts.ts = value;
        else if (key == "v1") parts.v1 = value;
    }
    return parts;
}

std::string webhook_manifest(const std::string& data_id, const std::string& request_id, const std::string& ts) {
    // Mercado Pago lower-cases alphanumeric ids in the manifest.
    std::string id;
    for (char c : data_id) id += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return "id:" + id + ";request-id:" + request_id + ";ts:" + ts + ";";
}

bool verify_webhook_signature(const std::string& secret, const std::string& header, const std::string& request_id,
                              const std::string& data_id, std::int64_t now_seconds, std::int64_t tolerance_seconds) {
    auto parts = parse_signature_header(header);
    auto ts = parse_int64(parts.ts);
    if (!ts || parts.v1.size() != 64 || data_id.empty()) return false;
    // Some senders use milliseconds; compare in seconds either way.
    std::int64_t ts_seconds = *ts > 100000000000LL ? *ts / 1000 : *ts;
    if (ts_seconds < now_seconds - tolerance_seconds || ts_seconds > now_seconds + tolerance_seconds) return false;
    std::string expected = hmac_sha256_hex(secret, webhook_manifest(data_id, request_id, parts.ts));
    std::string given;
    for (char c : parts.v1) given += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return equal_in_constant_time(expected, given);
}

}  // namespace reserva::payments
