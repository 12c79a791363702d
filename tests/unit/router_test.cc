#include <boost/test/unit_test.hpp>

#include "fake_input.h"
#include "http/router.h"

using namespace reserva;
using reserva::testing::fake_input;

namespace {
http::router store_routes() {
    http::router r;
    auto ok = [](http::request&) { return http::response{}; };
    r.add("GET", "/store/", ok);
    r.add("GET", "/product/{id}/", ok);
    r.add("POST", "/add_to_cart/{id}/", ok);
    r.add("GET", "/checkout/", ok);
    r.add("POST", "/checkout/", ok);
    return r;
}

http::router::outcome outcome_of(const std::string& method, const std::string& uri, std::string* id = nullptr) {
    fake_input input({{"REQUEST_METHOD", method}, {"REQUEST_URI", uri}});
    http::request req(input);
    auto match = store_routes().find(req);
    if (id) *id = req.path_params["id"];
    return match.result;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(router)

BOOST_AUTO_TEST_CASE(matches_paths_and_extracts_ids) {
    std::string id;
    BOOST_TEST((outcome_of("GET", "/product/17/?color=2", &id) == http::router::outcome::found));
    BOOST_TEST(id == "17");
    BOOST_TEST((outcome_of("POST", "/checkout/") == http::router::outcome::found));
    BOOST_TEST((outcome_of("HEAD", "/store/") == http::router::outcome::found));
}

BOOST_AUTO_TEST_CASE(non_numeric_or_odd_ids_are_not_found) {
    for (auto uri : {"/product/abc/", "/product/0/", "/product/-1/", "/product//", "/product/1/extra/",
                     "/product/1", "/product/99999999999999999999999/"})
        BOOST_TEST((outcome_of("GET", uri) == http::router::outcome::not_found), uri);
}

BOOST_AUTO_TEST_CASE(wrong_method_is_405_with_allowed_methods) {
    fake_input input({{"REQUEST_METHOD", "DELETE"}, {"REQUEST_URI", "/checkout/"}});
    http::request req(input);
    auto match = store_routes().find(req);
    BOOST_TEST((match.result == http::router::outcome::method_not_allowed));
    BOOST_TEST(match.allowed == "GET, POST");
    BOOST_TEST((outcome_of("GET", "/add_to_cart/3/") == http::router::outcome::method_not_allowed));
}

BOOST_AUTO_TEST_SUITE_END()
