#include <boost/test/unit_test.hpp>

#include "payments/gateway_json.h"
#include "payments/webhook_signature.h"

using namespace reserva;
using namespace reserva::payments;

BOOST_AUTO_TEST_SUITE(webhook_signature)

const std::int64_t now = 1795000000;

std::string header_for(const std::string& secret, const std::string& id, const std::string& request_id, std::int64_t ts) {
    return "ts=" + std::to_string(ts) + ",v1=" + hmac_sha256_hex(secret, webhook_manifest(id, request_id, std::to_string(ts)));
}

BOOST_AUTO_TEST_CASE(the_manifest_has_mercado_pagos_shape) {
    BOOST_TEST(webhook_manifest("1000000001", "req-1", "1795000000") == "id:1000000001;request-id:req-1;ts:1795000000;");
    BOOST_TEST(webhook_manifest("ABC", "r", "1") == "id:abc;request-id:r;ts:1;");
}

BOOST_AUTO_TEST_CASE(accepts_a_correct_signature) {
    auto header = header_for("secret", "1000000001", "req-1", now);
    BOOST_TEST(verify_webhook_signature("secret", header, "req-1", "1000000001", now, 900));
    BOOST_TEST(verify_webhook_signature("secret", " v1=" + parse_signature_header(header).v1 + " , ts=" + std::to_string(now),
                                        "req-1", "1000000001", now, 900));
}

BOOST_AUTO_TEST_CASE(refuses_wrong_secret_id_request_or_stale_time) {
    auto header = header_for("secret", "1000000001", "req-1", now);
    BOOST_TEST(!verify_webhook_signature("other", header, "req-1", "1000000001", now, 900));
    BOOST_TEST(!verify_webhook_signature("secret", header, "req-2", "1000000001", now, 900));
    BOOST_TEST(!verify_webhook_signature("secret", header, "req-1", "1000000002", now, 900));
    BOOST_TEST(!verify_webhook_signature("secret", header, "req-1", "1000000001", now + 3600, 900));
    for (auto bad : {"", "ts=,v1=", "v1=abc", "garbage", "ts=1795000000"})
        BOOST_TEST(!verify_webhook_signature("secret", bad, "req-1", "1000000001", now, 900), bad);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(gateway_json)

BOOST_AUTO_TEST_CASE(preference_body_has_items_in_reais_and_a_one_hour_window) {
    preference_request r;
    r.external_reference = "ref123";
    r.items = {{"7", "Piquet Polo — Green, size M", 2, 12990}};
    r.success_url = r.failure_url = r.pending_url = "http://store/finalize_payment/";
    r.notification_url = "http://store/payments/webhook";
    r.expires_from = wall_clock::time_point(std::chrono::seconds(1795000000));
    r.expires_to = r.expires_from + std::chrono::hours(1);
    auto body = preference_json(r);
    BOOST_TEST(body.find(R"("unit_price":129.9)") != std::string::npos, body);
    BOOST_TEST(body.find(R"("currency_id":"BRL")") != std::string::npos);
    BOOST_TEST(body.find(R"("expiration_date_to":"2026-11-18T12:06:40.000+00:00")") != std::string::npos, body);
    BOOST_TEST(body.find(R"("expires":true)") != std::string::npos);
    BOOST_TEST(body.find(R"("auto_return":"approved")") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(parses_a_payment_into_cents) {
    auto p = parse_payment(R"({"id":1000000001,"status":"approved","status_detail":"accredited",
        "external_reference":"ref","transaction_amount":259.8,"currency_id":"BRL"})");
    BOOST_TEST(p.id == "1000000001");
    BOOST_TEST(p.amount == 25980);
    BOOST_TEST(p.status == "approved");
    BOOST_TEST(amount_to_cents(0.1 + 0.2) == 30);
}

BOOST_AUTO_TEST_CASE(malformed_answers_are_gateway_errors) {
    for (auto bad : {"", "{\"id\": ", "[]", "null", R"({"id":1})", R"({"id":1,"status":"approved","transaction_amount":"x"})",
                     R"({"id":1,"status":"approved","transaction_amount":-5})", R"({"id":{},"status":"x","transaction_amount":1})"})
        BOOST_CHECK_THROW(parse_payment(bad), gateway_error);
    BOOST_CHECK_THROW(parse_preference(R"({"id":"x"})"), gateway_error);
    BOOST_CHECK_THROW(parse_payment_search(R"({"results":{}})"), gateway_error);
}

BOOST_AUTO_TEST_CASE(refund_body_is_empty_for_all_and_an_amount_in_reais_for_part) {
    BOOST_CHECK_EQUAL(refund_json(0), "{}");
    BOOST_CHECK_EQUAL(refund_json(1234), R"({"amount":12.34})");
    BOOST_CHECK_EQUAL(refund_json(2000), R"({"amount":20.0})");
}

BOOST_AUTO_TEST_CASE(a_payment_carries_what_was_refunded_of_it) {
    auto p = parse_payment(R"({"id":7,"status":"approved","transaction_amount":100.0,"transaction_amount_refunded":20.5})");
    BOOST_CHECK_EQUAL(p.amount, 10000);
    BOOST_CHECK_EQUAL(p.amount_refunded, 2050);
}

BOOST_AUTO_TEST_SUITE_END()
