#include <boost/test/unit_test.hpp>

#include "payments/init_point.h"

using reserva::payments::trusted_init_point;

BOOST_AUTO_TEST_SUITE(init_point)

BOOST_AUTO_TEST_CASE(the_gateways_own_https_pages_are_trusted) {
    const std::string api = "https://api.mercadopago.com";
    for (auto good : {"https://www.mercadopago.com.br/checkout/v1/redirect?pref_id=1",
                      "https://sandbox.mercadopago.com.br/checkout/v1/redirect?pref_id=1",
                      "https://api.mercadopago.com/x", "https://www.mercadopago.com/checkout?pref_id=1"})
        BOOST_TEST(trusted_init_point(api, good), good);
}

BOOST_AUTO_TEST_CASE(anything_else_is_not) {
    const std::string api = "https://api.mercadopago.com";
    for (auto bad : {"http://www.mercadopago.com.br/checkout", "https://evil.example/mercadopago.com.br",
                     "https://mercadopago.com.br.evil.example/", "https://xmercadopago.com.br/",
                     "https://www.mercadopago.com.evil/", "https://user@evil.example/", "javascript:alert(1)",
                     "/relative", "", "http://127.0.0.1:8081/checkout?pref_id=1"})
        BOOST_TEST(!trusted_init_point(api, bad), bad);
}

BOOST_AUTO_TEST_CASE(a_loopback_sandbox_may_send_shoppers_to_loopback_only) {
    const std::string sandbox = "http://127.0.0.1:8081";
    BOOST_TEST(trusted_init_point(sandbox, "http://127.0.0.1:8081/checkout?pref_id=1"));
    BOOST_TEST(!trusted_init_point(sandbox, "http://10.0.0.1:8081/checkout?pref_id=1"));
    BOOST_TEST(!trusted_init_point(sandbox, "https://evil.example/"));
}

BOOST_AUTO_TEST_SUITE_END()
