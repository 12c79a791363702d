// The gateway's answers (Mercado Pago JSON) as hostile bytes: parse_preference, parse_payment,
// parse_payment_search and amount_to_cents. Anything that is not the promised shape must be a
// gateway_error; what parses must hold sane values. Also: a preference request built from
// arbitrary (valid UTF-8) text serialises, and its JSON reads back to the same text.
#include <cmath>
#include <cstring>
#include <nlohmann/json.hpp>
#include <string>

#include "fuzz_common.h"
#include "payments/gateway_json.h"

using namespace reserva;
using namespace reserva::payments;

namespace {

void check_payment(const gateway_payment& p) {
    FUZZ_CHECK(!p.id.empty());
    FUZZ_CHECK(!p.status.empty());
    FUZZ_CHECK(p.amount >= 0 && p.amount <= 10'000'000'000'000LL);
}

template <typename F>
void expect_gateway_error_only(const char* what, F&& f) {
    try {
        f();
    } catch (const gateway_error&) {
    } catch (const std::exception& e) {
        std::fprintf(stderr, "%s threw something other than gateway_error: %s\n", what, e.what());
        FUZZ_CHECK(!"a gateway JSON parser threw something other than gateway_error (the page would be a 500)");
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string body(reinterpret_cast<const char*>(data), size);

    expect_gateway_error_only("parse_preference", [&] {
        auto pref = parse_preference(body);
        FUZZ_CHECK(!pref.id.empty() && !pref.init_point.empty());
    });
    expect_gateway_error_only("parse_payment", [&] { check_payment(parse_payment(body)); });
    expect_gateway_error_only("parse_payment_search", [&] {
        for (auto& p : parse_payment_search(body)) check_payment(p);
    });

    // The first 8 bytes as a double, straight into amount_to_cents.
    if (size >= sizeof(double)) {
        double amount;
        std::memcpy(&amount, data, sizeof amount);
        try {
            cents c = amount_to_cents(amount);
            FUZZ_CHECK(std::isfinite(amount) && amount >= 0 && amount <= 1e11);
            FUZZ_CHECK(c >= 0 && c <= 10'000'000'000'000LL);
            FUZZ_CHECK(std::fabs(static_cast<double>(c) - amount * 100.0) <= 0.5 + 1e-6 * amount * 100.0);
        } catch (const gateway_error&) {
            FUZZ_CHECK(!(std::isfinite(amount) && amount >= 0 && amount <= 1e11));
        }
    }

    // A preference request from the input's lines: reference, title, back URL, item id.
    auto parts = reserva::fuzzing::lines(body, 5);
    parts.resize(5);
    bool text_ok = true;
    for (auto& p : parts) text_ok = text_ok && reserva::fuzzing::valid_utf8(p);
    if (text_ok) {
        preference_request request;
        request.external_reference = parts[0];
        request.success_url = request.failure_url = request.pending_url = request.notification_url = parts[2];
        cents price = size > 0 ? static_cast<cents>(data[0]) * 1'000'003 : 1;
        request.items.push_back({parts[3], parts[1], static_cast<int>(size % 10) + 1, price});
        request.items.push_back({"2", parts[4], 1, 0});
        request.expires_from = wall_clock::time_point{};
        request.expires_to = wall_clock::time_point{} + std::chrono::hours(24 * 365 * 60);
        std::string json;
        try {
            json = preference_json(request);
        } catch (const std::exception& e) {
            std::fprintf(stderr, "preference_json failed on valid UTF-8: %s\n", e.what());
            FUZZ_CHECK(!"preference_json threw on valid UTF-8 text");
        }
        auto back = nlohmann::json::parse(json, nullptr, false);
        FUZZ_CHECK(!back.is_discarded() && back.is_object());
        FUZZ_CHECK(back["external_reference"] == parts[0]);
        FUZZ_CHECK(back["items"][0]["title"] == parts[1]);
        FUZZ_CHECK(back["items"][0]["id"] == parts[3]);
        FUZZ_CHECK(back["back_urls"]["success"] == parts[2]);
        FUZZ_CHECK(amount_to_cents(back["items"][0]["unit_price"].get<double>()) == price);
    }
    return 0;
}
