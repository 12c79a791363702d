// Mercado Pago signs each notification: x-signature "ts=TS,v1=HEX" where
// HEX = HMAC-SHA256(secret, "id:ID;request-id:REQID;ts:TS;").
#pragma once
#include <cstdint>
#include <string>

#include "util/digest.h"

namespace reserva::payments {

struct signature_parts {
    std::string ts;
    std::string v1;
};

// "ts=1704908010,v1=abc..." in any order, spaces allowed; empty parts when absent.
signature_parts parse_signature_header(const std::string& header);
std::string webhook_manifest(const std::string& data_id, const std::string& request_id, const std::string& ts);
using reserva::hmac_sha256_hex;
// True when the header carries a v1 that matches (constant-time) and a ts within
// tolerance_seconds of now_seconds (a replayed old notification is refused).
bool verify_webhook_signature(const std::string& secret, const std::string& header, const std::string& request_id,
                              const std::string& data_id, std::int64_t now_seconds, std::int64_t tolerance_seconds);

}  // namespace reserva::payments
