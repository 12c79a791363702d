#include "payments/mercadopago_client.h"

#include <cctype>
#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "payments/gateway_json.h"
#include "payments/http_client.h"

namespace reserva::payments {
namespace {

constexpr int max_attempts = 3;

bool url_safe(const std::string& id) {
    if (id.empty() || id.size() > 100) return false;
    for (char c : id)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_')) return false;
    return true;
}

std::string checked_id(const std::string& id) {
    if (!url_safe(id)) throw gateway_error("an identifier the gateway could not have issued");
    return id;
}

}  // namespace

mercadopago_client::mercadopago_client(std::string api_base, std::string access_token)
    : api_base_(std::move(api_base)), access_token_(std::move(access_token)) {}

std::string mercadopago_client::call(const std::string& method, const std::string& path, const std::string& body,
                                     const std::string& idempotency_key, int expected_status) {
    http_call request;
    request.method = method;
    request.url = api_base_ + path;
    request.body = body;
    request.headers = {"Authorization: Bearer " + access_token_, "Accept: application/json"};
    if (method != "GET") {
        request.headers.push_back("Content-Type: application/json");
        request.headers.push_back("X-Idempotency-Key: " + idempotency_key);
    }
    std::string last_problem;
    for (int attempt = 1; attempt <= max_attempts; ++attempt) {
        auto result = perform(request);
        if (result.reached && (result.status == expected_status || (result.status >= 200 && result.status < 300)))
            return result.body;
        if (result.reached && result.status < 500)
            throw gateway_refusal(method + " " + path + " answered " + std::to_string(result.status) + ": " +
                                result.body.substr(0, 200));
        last_problem = result.reached ? "status " + std::to_string(result.status) : result.error;
        // A timeout already used the whole budget: answer the shopper instead of waiting again.
        if (!result.reached && result.error.find("imeout") != std::string::npos) break;
        if (attempt < max_attempts) std::this_thread::sleep_for(std::chrono::milliseconds(150 * attempt));
    }
    throw gateway_error(method + " " + path + " failed: " + last_problem);
}

preference mercadopago_client::create_preference(const preference_request& request, const std::string& idempotency_key) {
    return parse_preference(call("POST", "/checkout/preferences", preference_json(request), idempotency_key, 201));
}

void mercadopago_client::expire_preference(const std::string& preference_id, const std::string& idempotency_key) {
    call("PUT", "/checkout/preferences/" + checked_id(preference_id), expire_preference_json(wall_clock::now()),
         idempotency_key, 200);
}

gateway_payment mercadopago_client::get_payment(const std::string& payment_id) {
    return parse_payment(call("GET", "/v1/payments/" + checked_id(payment_id), "", "", 200));
}

std::vector<gateway_payment> mercadopago_client::search_payments(const std::string& external_reference) {
    return parse_payment_search(
        call("GET", "/v1/payments/search?external_reference=" + checked_id(external_reference), "", "", 200));
}

std::string mercadopago_client::refund_payment(const std::string& payment_id, const std::string& idempotency_key,
                                              cents amount) {
    auto body = call("POST", "/v1/payments/" + checked_id(payment_id) + "/refunds", refund_json(amount), idempotency_key, 201);
    auto parsed = nlohmann::json::parse(body, nullptr, false);
    if (parsed.is_discarded() || !parsed.is_object() || !parsed.contains("id"))
        throw gateway_error("the refund answer is malformed");
    auto& id = parsed["id"];
    return id.is_string() ? id.get<std::string>() : id.dump();
}

}  // namespace reserva::payments
