// The back office's cookies and sign-in form token, without a database: with no staff cookie
// the identity asks nothing of it.
#include <boost/test/unit_test.hpp>

#include "admin/staff_identity.h"
#include "db/pool.h"
#include "fake_input.h"
#include "payments/payment_flow.h"

using namespace reserva;
using reserva::testing::fake_input;

namespace {

std::vector<std::string> set_cookies(const http::response& r) {
    std::vector<std::string> found;
    for (auto& [name, value] : r.headers)
        if (name == "Set-Cookie") found.push_back(value);
    return found;
}

struct back_office {
    explicit back_office(const std::string& base_url) : pool(settings.database, 1), payments(settings, pool) {
        settings.base_url = base_url;
    }
    config settings;
    db::pool pool;
    payments::payment_flow payments;
    admin::context ctx{settings, pool, payments};
};

}  // namespace

BOOST_AUTO_TEST_SUITE(staff_identity)

BOOST_AUTO_TEST_CASE(the_sign_in_cookie_is_strict_to_admin_and_secure_under_https) {
    for (auto base : {"https://shop.example.com", "http://127.0.0.1:8080"}) {
        back_office site(base);
        fake_input input({{"REQUEST_METHOD", "GET"}, {"REQUEST_URI", "/admin/login/"}});
        http::request req(input);
        admin::staff_identity who(site.ctx, req);
        BOOST_CHECK(!who.signed_in());
        auto token = who.csrf_token();
        auto cookies = set_cookies(who.finish(http::html("")));
        BOOST_REQUIRE_EQUAL(cookies.size(), 1u);
        auto& cookie = cookies[0];
        BOOST_CHECK_EQUAL(cookie.rfind("staff_signin=" + token + "; Path=/admin/; HttpOnly; SameSite=Strict", 0), 0u);
        BOOST_CHECK_EQUAL(cookie.find("Secure") != std::string::npos, std::string(base).rfind("https", 0) == 0);
    }
}

BOOST_AUTO_TEST_CASE(the_sign_in_form_token_must_match_its_cookie) {
    back_office site("http://127.0.0.1:8080");
    std::string token(32, 'a');
    auto post = [&](const std::string& cookie, const std::string& field) {
        fake_input input({{"REQUEST_METHOD", "POST"}, {"REQUEST_URI", "/admin/login/"},
                          {"CONTENT_TYPE", "application/x-www-form-urlencoded"}, {"HTTP_COOKIE", cookie}},
                         "email=a%40b.c&csrf_token=" + field);
        http::request req(input);
        admin::staff_identity who(site.ctx, req);
        return who.csrf_valid(req);
    };
    BOOST_CHECK(post("staff_signin=" + token, token));
    BOOST_CHECK(!post("staff_signin=" + token, std::string(32, 'b')));
    BOOST_CHECK(!post("staff_signin=" + token, ""));
    BOOST_CHECK(!post("", token));
    BOOST_CHECK(!post("staff_signin=short", "short"));
}

BOOST_AUTO_TEST_SUITE_END()
