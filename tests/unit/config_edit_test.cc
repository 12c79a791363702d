#include <boost/test/unit_test.hpp>

#include "db/setup.h"
#include "util/config.h"
#include "util/config_edit.h"

using namespace reserva;

namespace {
const std::string shipped =
    "; the package's file\n"
    "[site]\n"
    "base_url = http://localhost\n"
    "[database]\n"
    "user = reserva\n"
    "password =            ; reservactl setup-db writes it\n"
    "name = reserva\n"
    "\n"
    "[mail]\n"
    "smtp_url = smtp://127.0.0.1:25\n";
}

BOOST_AUTO_TEST_SUITE(config_edit)

BOOST_AUTO_TEST_CASE(replaces_a_key_in_its_section_and_adds_a_missing_one_there) {
    std::string out = with_config_values(shipped, "database", {{"password", "0a1b"}, {"socket", "/run/mysqld/mysqld.sock"}});
    BOOST_TEST(out ==
               "; the package's file\n"
               "[site]\n"
               "base_url = http://localhost\n"
               "[database]\n"
               "user = reserva\n"
               "password = 0a1b\n"
               "name = reserva\n"
               "socket = /run/mysqld/mysqld.sock\n"
               "\n"
               "[mail]\n"
               "smtp_url = smtp://127.0.0.1:25\n");
}

BOOST_AUTO_TEST_CASE(adds_a_missing_section_and_quotes_what_would_read_as_a_comment) {
    std::string out = with_config_values("[site]\nbase_url = http://x\n", "database", {{"password", "a ;b"}});
    BOOST_TEST(out == "[site]\nbase_url = http://x\n[database]\npassword = \"a ;b\"\n");
}

BOOST_AUTO_TEST_CASE(what_it_writes_reads_back_as_the_same_values) {
    std::string text = "[site]\nbase_url = http://x\n[database]\nuser = u\nname = n\n"
                       "[payments]\napi_base = https://p\naccess_token = t\nwebhook_secret = s-s-s-s-s-s-s-s-s-s-s-s-s-s-s-s-s\n"
                       "[mail]\nsmtp_url = smtp://m\nfrom = f\n";
    for (std::string password : {"plain", "with ;semicolon", "hash#sign", " padded "}) {
        auto settings = parse_config(with_config_values(text, "database", {{"password", password}}), "t");
        BOOST_TEST(settings.database.password == password);
    }
}

BOOST_AUTO_TEST_CASE(native_password_hash_is_mariadbs) {
    // SELECT PASSWORD('password') on MariaDB.
    BOOST_TEST(db::native_password_hash("password") == "*2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19");
}

BOOST_AUTO_TEST_SUITE_END()
