#include <boost/test/unit_test.hpp>

#include "fake_input.h"
#include "http/csrf.h"
#include "http/request.h"

using namespace reserva;
using reserva::testing::fake_input;
namespace csrf = reserva::http::csrf;

namespace {
const std::string site = "https://shop.example.com";
const std::string secret = "0123456789abcdef0123456789abcdef";

csrf::verdict origin_verdict(std::initializer_list<std::pair<const std::string, std::string>> headers) {
    fake_input input(headers);
    http::request req(input);
    return csrf::check_origin(req, site);
}

http::request post_with_token(fake_input& input) { return http::request(input); }
}  // namespace

BOOST_AUTO_TEST_SUITE(csrf_checks)

BOOST_AUTO_TEST_CASE(the_origin_of_a_base_url_is_its_scheme_and_authority) {
    BOOST_TEST(csrf::origin_of("https://shop.example.com") == "https://shop.example.com");
    BOOST_TEST(csrf::origin_of("http://127.0.0.1:8080/store/") == "http://127.0.0.1:8080");
}

BOOST_AUTO_TEST_CASE(a_post_from_the_site_itself_or_from_no_browser_passes) {
    BOOST_TEST((origin_verdict({{"REQUEST_METHOD", "POST"}, {"REQUEST_URI", "/login/"},
                                {"HTTP_ORIGIN", "https://shop.example.com"}, {"HTTP_SEC_FETCH_SITE", "same-origin"}}) ==
                csrf::verdict::ok));
    BOOST_TEST((origin_verdict({{"REQUEST_METHOD", "POST"}, {"REQUEST_URI", "/login/"}}) == csrf::verdict::ok));
    // Reached by another of its names: Origin is the site's scheme with the Host the browser used.
    BOOST_TEST((origin_verdict({{"REQUEST_METHOD", "POST"}, {"REQUEST_URI", "/login/"},
                                {"HTTP_ORIGIN", "https://www.shop.example.com"}, {"HTTP_HOST", "www.shop.example.com"}}) ==
                csrf::verdict::ok));
}

BOOST_AUTO_TEST_CASE(a_post_another_site_sent_is_refused) {
    BOOST_TEST((origin_verdict({{"REQUEST_METHOD", "POST"}, {"REQUEST_URI", "/login/"},
                                {"HTTP_ORIGIN", "https://evil.example.com"}, {"HTTP_HOST", "shop.example.com"}}) ==
                csrf::verdict::cross_site));
    BOOST_TEST((origin_verdict({{"REQUEST_METHOD", "POST"}, {"REQUEST_URI", "/login/"}, {"HTTP_SEC_FETCH_SITE", "same-site"}}) ==
                csrf::verdict::cross_site));
    BOOST_TEST((origin_verdict({{"REQUEST_METHOD", "POST"}, {"REQUEST_URI", "/login/"}, {"HTTP_ORIGIN", "null"}}) ==
                csrf::verdict::cross_site));
    // The plain-HTTP twin of the site is another origin.
    BOOST_TEST((origin_verdict({{"REQUEST_METHOD", "POST"}, {"REQUEST_URI", "/login/"},
                                {"HTTP_ORIGIN", "http://shop.example.com"}, {"HTTP_HOST", "shop.example.com"}}) ==
                csrf::verdict::cross_site));
}

BOOST_AUTO_TEST_CASE(a_token_matches_only_its_own_binding) {
    std::string token = csrf::token_for(secret, "visitor:aaaa");
    BOOST_TEST(token.size() == 64u);
    BOOST_TEST(token != csrf::token_for(secret, "visitor:aaab"));
    BOOST_TEST(token != csrf::token_for("another secret of thirty-two chars", "visitor:aaaa"));
    fake_input input({{"REQUEST_METHOD", "POST"}, {"REQUEST_URI", "/login/"},
                      {"CONTENT_TYPE", "application/x-www-form-urlencoded"}},
                     "csrf_token=" + token);
    auto req = post_with_token(input);
    BOOST_TEST(csrf::token_matches(req, secret, "visitor:aaaa"));
    BOOST_TEST(!csrf::token_matches(req, secret, "visitor:aaab"));
    BOOST_TEST(!csrf::token_matches(req, secret, ""));
    BOOST_TEST(!csrf::token_matches(req, "", "visitor:aaaa"));
}

BOOST_AUTO_TEST_SUITE_END()
