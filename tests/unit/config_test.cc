#include <boost/test/unit_test.hpp>

#include "util/config.h"

using namespace reserva;

namespace {
const char* const complete = R"([site]
base_url = http://127.0.0.1:8080/   ; public URL
[server]
listen = 127.0.0.1:9000
threads = 4
[database]
host = 127.0.0.1
port = 3307
socket =                 ; optional unix socket, as SPEC section 2 writes it
user = reserva
password = p;ss   ; a ';' inside a value survives
name = reserva
nodes = 10.0.0.1:3306, 10.0.0.2:3306
[payments]
api_base = http://127.0.0.1:8081/
access_token = TEST-123
webhook_secret = s3cret-s3cret-s3cret-s3cret-s3cret
expiry_minutes = 60
max_unfinished = 5
[mail]
smtp_url = smtp://127.0.0.1:2525
from = Reserva <orders@example.com>
)";

std::string without_line(const std::string& text, const std::string& starting) {
    auto at = text.find(starting);
    auto end = text.find('\n', at);
    return text.substr(0, at) + text.substr(end + 1);
}

std::string error_of(const std::string& text) {
    try {
        parse_config(text, "test.conf");
    } catch (const config_error& e) {
        return e.what();
    }
    return "";
}

std::string with_line(const std::string& text, const std::string& starting, const std::string& replacement) {
    auto at = text.find(starting);
    auto end = text.find('\n', at);
    return text.substr(0, at) + replacement + text.substr(end);
}
}  // namespace

BOOST_AUTO_TEST_SUITE(config_file)

BOOST_AUTO_TEST_CASE(api_base_is_https_except_to_this_machine) {
    for (auto good : {"https://api.mercadopago.com", "http://127.0.0.1:8081/", "http://localhost:8081",
                      "http://[::1]:8081", "http://127.1.2.3"})
        BOOST_TEST(error_of(with_line(complete, "api_base", std::string("api_base = ") + good)) == "", good);
    for (auto bad : {"http://api.mercadopago.com", "http://127.0.0.1.evil.example", "http://10.0.0.5:8081",
                     "ftp://127.0.0.1", "http://user@evil.example", "http://[::2]:8081", "api.mercadopago.com"}) {
        auto message = error_of(with_line(complete, "api_base", std::string("api_base = ") + bad));
        BOOST_TEST(message.find("payments.api_base' must be https://") != std::string::npos, bad << ": " << message);
    }
    for (auto hostless : {"https://", "https:///", "https:// # the comment hides the host"}) {
        auto message = error_of(with_line(complete, "api_base", std::string("api_base = ") + hostless));
        BOOST_TEST(message.find("must name the gateway's host") != std::string::npos, hostless << ": " << message);
    }
}

BOOST_AUTO_TEST_CASE(a_short_webhook_secret_is_refused) {
    auto message = error_of(with_line(complete, "webhook_secret", "webhook_secret = sandbox-webhook-secret"));
    BOOST_TEST(message.find("test.conf:17: 'payments.webhook_secret' must be at least 32 characters") != std::string::npos,
               message);
}

BOOST_AUTO_TEST_CASE(an_empty_webhook_secret_is_read_but_not_served_with) {
    auto c = parse_config(with_line(complete, "webhook_secret", "webhook_secret ="), "test.conf");
    BOOST_TEST(c.payments_webhook_secret.empty());
    BOOST_CHECK_THROW(check_ready_to_serve(c, "test.conf"), config_error);
    BOOST_CHECK_NO_THROW(check_ready_to_serve(parse_config(complete, "test.conf"), "test.conf"));
}

BOOST_AUTO_TEST_CASE(hold_limits_have_defaults_and_can_be_set) {
    auto c = parse_config(complete, "test.conf");
    BOOST_TEST(c.limits_units_per_item == 10);
    BOOST_TEST(c.limits_orders_per_address == 20);
    BOOST_TEST(c.limits_address_window_minutes == 60);
    c = parse_config(std::string(complete) + "[limits]\nunits_per_item = 2\norders_per_address = 0\naddress_window_minutes = 30\n",
                     "test.conf");
    BOOST_TEST(c.limits_units_per_item == 2);
    BOOST_TEST(c.limits_orders_per_address == 0);
    BOOST_TEST(c.limits_address_window_minutes == 30);
    BOOST_TEST(error_of(std::string(complete) + "[limits]\nunits_per_item = 0\n").find("from 1 to 1000") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(reads_every_key_of_the_spec) {
    auto c = parse_config(complete, "test.conf");
    BOOST_TEST(c.base_url == "http://127.0.0.1:8080");
    BOOST_TEST(c.listen == "127.0.0.1:9000");
    BOOST_TEST(c.threads == 4);
    BOOST_TEST(c.database.port == 3307);
    BOOST_TEST(c.database.socket == "");
    BOOST_TEST(c.database.password == "p;ss");
    BOOST_TEST(c.database.nodes.size() == 2u);
    BOOST_TEST(c.database.nodes[1] == "10.0.0.2:3306");
    BOOST_TEST(c.payments_api_base == "http://127.0.0.1:8081");
    BOOST_TEST(c.payments_expiry_minutes == 60);
    BOOST_TEST(c.payments_max_unfinished == 5);
    BOOST_TEST(c.mail_from == "Reserva <orders@example.com>");
}

BOOST_AUTO_TEST_CASE(unknown_key_is_an_error_naming_key_and_line) {
    std::string text = std::string(complete) + "colour = blue\n";
    auto message = error_of(text);
    BOOST_TEST(message.find("test.conf:23:") != std::string::npos);
    BOOST_TEST(message.find("unknown key 'colour'") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(missing_required_key_is_an_error_naming_it) {
    auto message = error_of(without_line(complete, "webhook_secret"));
    BOOST_TEST(message.find("payments.webhook_secret") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(optional_keys_take_the_seed_defaults) {
    auto text = without_line(without_line(without_line(complete, "expiry_minutes"), "max_unfinished"), "threads");
    auto c = parse_config(text, "test.conf");
    BOOST_TEST(c.payments_expiry_minutes == 60);
    BOOST_TEST(c.payments_max_unfinished == 5);
    BOOST_TEST(c.threads == 16);
}

BOOST_AUTO_TEST_CASE(bad_numbers_and_duplicates_are_errors) {
    std::string text = complete;
    BOOST_TEST(error_of(std::string(text).replace(text.find("threads = 4"), 11, "threads = x")).find("server.threads") != std::string::npos);
    BOOST_TEST(error_of(std::string(text).replace(text.find("port = 3307"), 11, "port = 99999")).find("database.port") != std::string::npos);
    BOOST_TEST(error_of(text + "[mail]\nfrom = x\n").find("given twice") != std::string::npos);
    BOOST_TEST(error_of("key = value\n").find("outside any section") != std::string::npos);
    BOOST_TEST(error_of(std::string(text).replace(text.find("http://127.0.0.1:8080/"), 22, "http://")).find("site.base_url") !=
               std::string::npos);
    BOOST_TEST(error_of("[site\n").find("test.conf:1:") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
