// The webhook's x-signature header: parse_signature_header and verify_webhook_signature with
// hostile headers, request ids and data ids. A "yes" must mean a correct HMAC inside the time
// window; a header the store itself would compute for the same inputs must get a "yes".
//
// Input lines: x-signature header, x-request-id, data.id, secret, now (decimal seconds).
#include <cctype>
#include <cstdlib>
#include <string>

#include "fuzz_common.h"
#include "payments/webhook_signature.h"
#include "util/text.h"

using namespace reserva;
using namespace reserva::payments;

namespace {

constexpr std::int64_t tolerance = 300;

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

bool trimmed(const std::string& s) { return std::string(trim(s)) == s; }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto parts = reserva::fuzzing::lines(reserva::fuzzing::as_view(data, size), 5);
    parts.resize(5);
    const std::string& header = parts[0];
    const std::string& request_id = parts[1];
    const std::string& data_id = parts[2];
    const std::string& secret = parts[3];
    // The store passes the wall clock; keep "now" in a range a clock can show.
    std::int64_t now = 1'700'000'000;
    if (auto given = parse_int64(trim(parts[4])); given && *given >= 0 && *given < 100000000000LL - tolerance - 1) now = *given;

    auto sig = parse_signature_header(header);
    FUZZ_CHECK(sig.ts.find(',') == std::string::npos && sig.v1.find(',') == std::string::npos);
    FUZZ_CHECK(trimmed(sig.ts) && trimmed(sig.v1));
    FUZZ_CHECK(sig.ts.size() <= header.size() && sig.v1.size() <= header.size());

    bool ok = verify_webhook_signature(secret, header, request_id, data_id, now, tolerance);
    if (ok) {
        auto ts = parse_int64(sig.ts);
        FUZZ_CHECK(ts.has_value());
        FUZZ_CHECK(!data_id.empty());
        FUZZ_CHECK(sig.v1.size() == 64);
        std::int64_t seconds = *ts > 100000000000LL ? *ts / 1000 : *ts;
        FUZZ_CHECK(seconds >= now - tolerance && seconds <= now + tolerance);
        FUZZ_CHECK(lower(sig.v1) == hmac_sha256_hex(secret, webhook_manifest(data_id, request_id, sig.ts)));
    }

    // The header Mercado Pago would send for these ids now (in seconds and in milliseconds),
    // in lower and upper case, with spaces: each must verify; a flipped digit must not.
    if (!data_id.empty()) {
        std::string ts = std::to_string(now);
        std::string mac = hmac_sha256_hex(secret, webhook_manifest(data_id, request_id, ts));
        FUZZ_CHECK(mac.size() == 64);
        FUZZ_CHECK(verify_webhook_signature(secret, "ts=" + ts + ",v1=" + mac, request_id, data_id, now, tolerance));
        std::string upper = mac;
        for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        FUZZ_CHECK(verify_webhook_signature(secret, " v1 = " + upper + " , ts = " + ts, request_id, data_id, now, tolerance));
        std::string ms = ts + "000";
        std::string mac_ms = hmac_sha256_hex(secret, webhook_manifest(data_id, request_id, ms));
        if (now > 100000000)
            FUZZ_CHECK(verify_webhook_signature(secret, "ts=" + ms + ",v1=" + mac_ms, request_id, data_id, now, tolerance));
        std::string bad = mac;
        bad[size % 64] = bad[size % 64] == '0' ? '1' : '0';
        FUZZ_CHECK(!verify_webhook_signature(secret, "ts=" + ts + ",v1=" + bad, request_id, data_id, now, tolerance));
        // Too old and too new.
        std::string old_ts = std::to_string(now - tolerance - 1);
        std::string old_mac = hmac_sha256_hex(secret, webhook_manifest(data_id, request_id, old_ts));
        FUZZ_CHECK(!verify_webhook_signature(secret, "ts=" + old_ts + ",v1=" + old_mac, request_id, data_id, now, tolerance));
        std::string new_ts = std::to_string(now + tolerance + 1);
        std::string new_mac = hmac_sha256_hex(secret, webhook_manifest(data_id, request_id, new_ts));
        FUZZ_CHECK(!verify_webhook_signature(secret, "ts=" + new_ts + ",v1=" + new_mac, request_id, data_id, now, tolerance));
    }
    return 0;
}
