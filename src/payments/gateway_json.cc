#include "payments/gateway_json.h"

#include <cmath>
#include <nlohmann/json.hpp>

namespace reserva::payments {

using nlohmann::json;

namespace {

json parse(const std::string& body) {
    json value = json::parse(body, nullptr, false);
    if (value.is_discarded() || !value.is_object()) throw gateway_error("the gateway answered with malformed JSON");
    return value;
}

std::string text_field(const json& object, const char* name) {
    auto found = object.find(name);
    if (found == object.end() || found->is_null()) return {};
    if (found->is_string()) return found->get<std::string>();
    if (found->is_number_integer()) return std::to_string(found->get<long long>());
    throw gateway_error(std::string("the gateway's field ") + name + " has an unexpected type");
}

std::string required_text(const json& object, const char* name) {
    auto value = text_field(object, name);
    if (value.empty()) throw gateway_error(std::string("the gateway's answer lacks ") + name);
    return value;
}

gateway_payment payment_from(const json& object) {
    if (!object.is_object()) throw gateway_error("a payment is not an object");
    gateway_payment p;
    p.id = required_text(object, "id");
    p.status = required_text(object, "status");
    p.status_detail = text_field(object, "status_detail");
    p.external_reference = text_field(object, "external_reference");
    p.currency = text_field(object, "currency_id");
    auto amount = object.find("transaction_amount");
    if (amount == object.end() || !amount->is_number()) throw gateway_error("a payment lacks transaction_amount");
    p.amount = amount_to_cents(amount->get<double>());
    auto refunded = object.find("transaction_amount_refunded");
    if (refunded != object.end() && refunded->is_number()) p.amount_refunded = amount_to_cents(refunded->get<double>());
    return p;
}

}  // namespace

cents amount_to_cents(double amount) {
    if (!std::isfinite(amount) || amount < 0 || amount > 1e11) throw gateway_error("an amount out of range");
    return static_cast<cents>(std::llround(amount * 100.0));
}

std::string preference_json(const preference_request& request) {
    json items = json::array();
    for (auto& item : request.items) {
        // unit_price with two decimals: cents / 100 is exact enough for any price below 10^13.
        items.push_back({{"id", item.id},
                         {"title", item.title},
                         {"quantity", item.quantity},
                         {"unit_price", static_cast<double>(item.unit_price) / 100.0},
                         {"currency_id", "BRL"}});
    }
    json body = {{"items", items},
                 {"external_reference", request.external_reference},
                 {"back_urls", {{"success", request.success_url}, {"failure", request.failure_url},
                                {"pending", request.pending_url}}},
                 {"auto_return", "approved"},
                 {"notification_url", request.notification_url},
                 {"expires", true},
                 {"expiration_date_from", format_iso8601(request.expires_from)},
                 {"expiration_date_to", format_iso8601(request.expires_to)}};
    return body.dump();
}

std::string expire_preference_json(wall_clock::time_point now) {
    return json{{"expires", true}, {"expiration_date_to", format_iso8601(now)}}.dump();
}

std::string refund_json(cents amount) {
    if (amount <= 0) return "{}";
    return json{{"amount", static_cast<double>(amount) / 100.0}}.dump();
}

preference parse_preference(const std::string& body) {
    auto object = parse(body);
    return {required_text(object, "id"), required_text(object, "init_point")};
}

gateway_payment parse_payment(const std::string& body) { return payment_from(parse(body)); }

std::vector<gateway_payment> parse_payment_search(const std::string& body) {
    auto object = parse(body);
    auto results = object.find("results");
    if (results == object.end() || !results->is_array()) throw gateway_error("a payment search without results");
    std::vector<gateway_payment> payments;
    for (auto& entry : *results) payments.push_back(payment_from(entry));
    return payments;
}

}  // namespace reserva::payments
