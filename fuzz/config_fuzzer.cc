// parse_config (the INI file of SPEC section 2) on arbitrary text. A bad file must be a
// config_error naming the origin; a good one must hold only values its rules allow, and must
// read back the same when written out again.
#include <string>

#include "fuzz_common.h"
#include "util/config.h"
#include "util/text.h"

using namespace reserva;

namespace {

bool writable(const std::string& v) { return v.find('"') == std::string::npos && v.find('\n') == std::string::npos; }

std::string q(const std::string& v) { return "\"" + v + "\""; }

// The config written back as INI, every string quoted; "" when a value cannot be written so.
std::string write(const config& c) {
    std::string nodes;
    for (auto& n : c.database.nodes) nodes += (nodes.empty() ? "" : ", ") + n;
    for (const std::string* v : {&c.base_url, &c.listen, &c.database.host, &c.database.socket, &c.database.user, &c.database.password,
                    &c.database.name, static_cast<const std::string*>(&nodes), &c.payments_api_base, &c.payments_access_token,
                    &c.payments_webhook_secret, &c.mail_smtp_url, &c.mail_from})
        if (!writable(*v)) return "";
    return "[site]\nbase_url = " + q(c.base_url) + "\n[server]\nlisten = " + q(c.listen) +
           "\nthreads = " + std::to_string(c.threads) + "\n[database]\nhost = " + q(c.database.host) +
           "\nport = " + std::to_string(c.database.port) + "\nsocket = " + q(c.database.socket) +
           "\nuser = " + q(c.database.user) + "\npassword = " + q(c.database.password) + "\nname = " +
           q(c.database.name) + "\nnodes = " + q(nodes) + "\n[payments]\napi_base = " + q(c.payments_api_base) +
           "\naccess_token = " + q(c.payments_access_token) + "\nwebhook_secret = " + q(c.payments_webhook_secret) +
           "\nexpiry_minutes = " + std::to_string(c.payments_expiry_minutes) +
           "\nmax_unfinished = " + std::to_string(c.payments_max_unfinished) + "\n[mail]\nsmtp_url = " +
           q(c.mail_smtp_url) + "\nfrom = " + q(c.mail_from) + "\n";
}

bool same(const config& a, const config& b) {
    return a.base_url == b.base_url && a.listen == b.listen && a.threads == b.threads &&
           a.database.host == b.database.host && a.database.port == b.database.port &&
           a.database.socket == b.database.socket && a.database.user == b.database.user &&
           a.database.password == b.database.password && a.database.name == b.database.name &&
           a.database.nodes == b.database.nodes && a.payments_api_base == b.payments_api_base &&
           a.payments_access_token == b.payments_access_token &&
           a.payments_webhook_secret == b.payments_webhook_secret &&
           a.payments_expiry_minutes == b.payments_expiry_minutes &&
           a.payments_max_unfinished == b.payments_max_unfinished && a.mail_smtp_url == b.mail_smtp_url &&
           a.mail_from == b.mail_from;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text = reserva::fuzzing::as_view(data, size);
    config c;
    try {
        c = parse_config(text, "fuzz.conf");
    } catch (const config_error& e) {
        FUZZ_CHECK(std::string(e.what()).rfind("fuzz.conf:", 0) == 0);
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "unexpected exception from parse_config: %s\n", e.what());
        FUZZ_CHECK(!"parse_config threw something other than config_error");
    }

    FUZZ_CHECK(starts_with(c.base_url, "http:") || starts_with(c.base_url, "https:"));
    FUZZ_CHECK(c.base_url.empty() || c.base_url.back() != '/');
    FUZZ_CHECK(c.payments_api_base.empty() || c.payments_api_base.back() != '/');
    FUZZ_CHECK(c.threads >= 1 && c.threads <= 512);
    FUZZ_CHECK(c.database.port >= 1 && c.database.port <= 65535);
    FUZZ_CHECK(c.payments_expiry_minutes >= 1 && c.payments_expiry_minutes <= 7 * 24 * 60);
    FUZZ_CHECK(c.payments_max_unfinished >= 1 && c.payments_max_unfinished <= 100);
    FUZZ_CHECK(!c.database.name.empty());
    for (auto& node : c.database.nodes) {
        FUZZ_CHECK(!node.empty() && node.find(',') == std::string::npos);
        FUZZ_CHECK(trim(node) == node);
    }
    for (auto* v : {&c.base_url, &c.listen, &c.database.user, &c.payments_access_token, &c.mail_from})
        FUZZ_CHECK(v->find('\n') == std::string::npos);

    // Written out and read again, the same settings. A base_url of only slashes after the
    // scheme ("http://") becomes "http:", which the rule would refuse: see fuzz/README.md.
    if (c.base_url == "http:" || c.base_url == "https:") return 0;
    std::string again = write(c);
    if (again.empty()) return 0;
    config d;
    try {
        d = parse_config(again, "again.conf");
    } catch (const std::exception& e) {
        std::fprintf(stderr, "the written-back config does not parse: %s\n---\n%s---\n", e.what(), again.c_str());
        FUZZ_CHECK(!"a parsed config written back as INI is refused");
    }
    FUZZ_CHECK(same(c, d));
    return 0;
}
