#include <boost/test/unit_test.hpp>

#include "fake_input.h"
#include "http/request.h"

using namespace reserva;
using reserva::testing::fake_input;

namespace {
const std::string form_type = "application/x-www-form-urlencoded";
}

BOOST_AUTO_TEST_SUITE(request_decoding)

BOOST_AUTO_TEST_CASE(decodes_an_urlencoded_form) {
    fake_input input({{"REQUEST_METHOD", "POST"}, {"REQUEST_URI", "/checkout/"}, {"CONTENT_TYPE", form_type}},
                     "street=Rua+das+Flores&number=12&complement=apto%2042&city=S%C3%A3o+Paulo");
    http::request req(input);
    BOOST_TEST(req.method() == "POST");
    BOOST_TEST(req.path() == "/checkout/");
    BOOST_TEST(req.param("street") == "Rua das Flores");
    BOOST_TEST(req.param("complement") == "apto 42");
    BOOST_TEST(req.param("city") == "S\xc3\xa3o Paulo");
    BOOST_TEST(req.param("missing") == "");
    BOOST_TEST(!req.has_param("missing"));
}

BOOST_AUTO_TEST_CASE(decodes_the_query_string_and_keeps_the_path_apart) {
    fake_input input({{"REQUEST_METHOD", "GET"}, {"REQUEST_URI", "/product/3/?error=size_required"},
                      {"QUERY_STRING", "error=size_required"}});
    http::request req(input);
    BOOST_TEST(req.path() == "/product/3/");
    BOOST_TEST(req.param("error") == "size_required");
    BOOST_TEST(req.query_string() == "error=size_required");
}

BOOST_AUTO_TEST_CASE(reads_cookies) {
    fake_input input({{"REQUEST_METHOD", "GET"}, {"REQUEST_URI", "/cart/"},
                      {"HTTP_COOKIE", "theme=dark; id_session=0123456789abcdef0123456789abcdef"}});
    http::request req(input);
    BOOST_TEST(req.cookie("id_session") == "0123456789abcdef0123456789abcdef");
    BOOST_TEST(req.cookie("theme") == "dark");
    BOOST_TEST(req.cookie("absent") == "");
}

BOOST_AUTO_TEST_CASE(keeps_the_raw_body_and_signature_header) {
    fake_input input({{"REQUEST_METHOD", "POST"}, {"REQUEST_URI", "/payments/webhook?type=payment&data.id=5"},
                      {"QUERY_STRING", "type=payment&data.id=5"}, {"CONTENT_TYPE", "application/json"},
                      {"HTTP_X_SIGNATURE", "ts=1,v1=ab"}},
                     R"({"action":"payment.updated","data":{"id":"5"}})");
    http::request req(input);
    BOOST_TEST(req.body() == R"({"action":"payment.updated","data":{"id":"5"}})");
    BOOST_TEST(req.param("data.id") == "5");
    BOOST_TEST(req.header("x-signature") == "ts=1,v1=ab");
}

BOOST_AUTO_TEST_CASE(broken_percent_encoding_is_a_400_not_a_guess) {
    for (std::string body : {"a=%zz", "b=%", "c=%4", "%%%=1", "d=ok&e=%g0"}) {
        fake_input input({{"REQUEST_METHOD", "POST"}, {"REQUEST_URI", "/checkout/"}, {"CONTENT_TYPE", form_type}}, body);
        try {
            http::request req(input);
            BOOST_FAIL("accepted " << body);
        } catch (const http::bad_request& e) {
            BOOST_TEST(e.status == 400);
        }
    }
    fake_input query({{"REQUEST_METHOD", "GET"}, {"REQUEST_URI", "/store/?q=%zz"}, {"QUERY_STRING", "q=%zz"}});
    BOOST_CHECK_THROW(http::request{query}, http::bad_request);
    fake_input fine({{"REQUEST_METHOD", "POST"}, {"REQUEST_URI", "/checkout/"}, {"CONTENT_TYPE", form_type}},
                    "city=S%C3%A3o+Paulo&d=\xff\xfe");
    http::request req(fine);
    BOOST_TEST(req.param("city") == "S\xc3\xa3o Paulo");
}

BOOST_AUTO_TEST_CASE(oversized_or_bogus_lengths_are_refused_before_reading) {
    fake_input huge({{"REQUEST_METHOD", "POST"}, {"REQUEST_URI", "/checkout/"}, {"CONTENT_LENGTH", "10485760"}});
    try {
        http::request req(huge);
        BOOST_FAIL("a 10 MB body was accepted");
    } catch (const http::bad_request& e) {
        BOOST_TEST(e.status == 413);
    }
    fake_input negative({{"REQUEST_METHOD", "POST"}, {"REQUEST_URI", "/checkout/"}, {"CONTENT_LENGTH", "-5"}});
    BOOST_CHECK_THROW(http::request{negative}, http::bad_request);
}

BOOST_AUTO_TEST_CASE(a_body_without_content_length_is_read_to_its_end) {
    // Apache's mod_proxy_fcgi passes a chunked body with no CONTENT_LENGTH ("" here: absent).
    std::string padding(20 * 1024, 'x');
    fake_input input({{"REQUEST_METHOD", "POST"}, {"REQUEST_URI", "/add_to_cart/3/"}, {"CONTENT_TYPE", form_type},
                      {"CONTENT_LENGTH", ""}},
                     "color=2&size=M&pad=" + padding + "&csrf_token=abc");
    http::request req(input);
    BOOST_TEST(req.param("color") == "2");
    BOOST_TEST(req.param("pad").size() == padding.size());
    BOOST_TEST(req.param("csrf_token") == "abc");
}

BOOST_AUTO_TEST_CASE(a_body_without_content_length_past_the_limit_is_a_413) {
    std::string body = "pad=" + std::string(http::max_body_bytes, 'x');
    fake_input input({{"REQUEST_METHOD", "POST"}, {"REQUEST_URI", "/checkout/"}, {"CONTENT_TYPE", form_type},
                      {"CONTENT_LENGTH", ""}},
                     body);
    try {
        http::request req(input);
        BOOST_FAIL("a body past the limit was accepted");
    } catch (const http::bad_request& e) {
        BOOST_TEST(e.status == 413);
    }
    // Exactly at the limit is fine.
    fake_input at_limit({{"REQUEST_METHOD", "POST"}, {"REQUEST_URI", "/checkout/"}, {"CONTENT_TYPE", form_type},
                         {"CONTENT_LENGTH", ""}},
                        body.substr(0, http::max_body_bytes));
    BOOST_TEST(http::request{at_limit}.param("pad").size() == http::max_body_bytes - 4);
}

BOOST_AUTO_TEST_CASE(back_office_uploads_may_be_larger) {
    BOOST_TEST(http::body_limit("/admin/products/1/photos/") == http::max_upload_bytes);
    BOOST_TEST(http::body_limit("/checkout/") == http::max_body_bytes);
    BOOST_TEST(http::body_limit("/administrator/") == http::max_body_bytes);
    fake_input upload({{"REQUEST_METHOD", "POST"}, {"REQUEST_URI", "/admin/photos/"}, {"CONTENT_LENGTH", "5242880"}},
                      std::string(5242880, 'x'));
    BOOST_CHECK_NO_THROW(http::request{upload});
    fake_input too_big({{"REQUEST_METHOD", "POST"}, {"REQUEST_URI", "/admin/photos/"}, {"CONTENT_LENGTH", "10485761"}});
    BOOST_CHECK_THROW(http::request{too_big}, http::bad_request);
}

BOOST_AUTO_TEST_CASE(an_absolute_form_request_uri_routes_on_its_path) {
    // Apache passes the request line's target as it came: "GET http://host/store/ HTTP/1.1".
    fake_input input({{"REQUEST_METHOD", "GET"}, {"REQUEST_URI", "http://shop.example:8080/product/3/?error=size_required"},
                      {"QUERY_STRING", "error=size_required"}});
    http::request req(input);
    BOOST_TEST(req.path() == "/product/3/");
    BOOST_TEST(req.param("error") == "size_required");
    fake_input upper({{"REQUEST_METHOD", "GET"}, {"REQUEST_URI", "HTTPS://shop.example/cart/"}});
    BOOST_TEST(http::request{upper}.path() == "/cart/");
    fake_input bare({{"REQUEST_METHOD", "GET"}, {"REQUEST_URI", "http://shop.example"}});
    BOOST_TEST(http::request{bare}.path() == "/");
    fake_input other({{"REQUEST_METHOD", "GET"}, {"REQUEST_URI", "ftp://shop.example/cart/"}});
    BOOST_CHECK_THROW(http::request{other}, http::bad_request);
}

BOOST_AUTO_TEST_CASE(a_malformed_multipart_body_is_a_400) {
    // Found by the request fuzzer: cgicc threw a plain runtime_error, which became a 500.
    fake_input input({{"REQUEST_METHOD", "POST"}, {"REQUEST_URI", "/login/"},
                      {"CONTENT_TYPE", "multipart/form-data; boundary=x"}},
                     "--x\r\nfoo\r\n--x--\r\n");
    try {
        http::request req(input);
        BOOST_FAIL("accepted");
    } catch (const http::bad_request& e) {
        BOOST_TEST(e.status == 400);
    }
}

BOOST_AUTO_TEST_SUITE_END()
