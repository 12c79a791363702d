#include "util/config.h"

#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>

#include "util/text.h"

namespace reserva {
namespace {

struct key_rule {
    bool required;
    std::function<void(config&, const std::string& value)> apply;  // throws std::invalid_argument
};

int parse_int_in(const std::string& value, int low, int high) {
    auto parsed = parse_int64(value);
    if (!parsed || *parsed < low || *parsed > high)
        throw std::invalid_argument("expects a whole number from " + std::to_string(low) + " to " +
                                    std::to_string(high));
    return static_cast<int>(*parsed);
}

std::vector<std::string> parse_list(const std::string& value) {
    std::vector<std::string> items;
    for (auto& part : split(value, ',')) {
        auto item = trim(part);
        if (!item.empty()) items.emplace_back(item);
    }
    return items;
}

const std::map<std::string, key_rule>& rules() {
    static const std::map<std::string, key_rule> table = {
        {"site.base_url", {true, [](config& c, const std::string& v) {
             auto scheme_end = v.find("://");
             if ((!starts_with(v, "http://") && !starts_with(v, "https://")) || v.size() <= scheme_end + 3 ||
                 v[scheme_end + 3] == '/')
                 throw std::invalid_argument("must be http:// or https:// followed by a host");
             c.base_url = v;
             while (!c.base_url.empty() && c.base_url.back() == '/') c.base_url.pop_back();
         }}},
        {"server.listen", {false, [](config& c, const std::string& v) { c.listen = v; }}},
        {"server.threads", {false, [](config& c, const std::string& v) { c.threads = parse_int_in(v, 1, 512); }}},
        {"database.host", {false, [](config& c, const std::string& v) { c.database.host = v; }}},
        {"database.port", {false, [](config& c, const std::string& v) { c.database.port = parse_int_in(v, 1, 65535); }}},
        {"database.socket", {false, [](config& c, const std::string& v) { c.database.socket = v; }}},
        {"database.user", {true, [](config& c, const std::string& v) { c.database.user = v; }}},
        {"database.password", {false, [](config& c, const std::string& v) { c.database.password = v; }}},
        {"database.name", {true, [](config& c, const std::string& v) {
             if (v.empty()) throw std::invalid_argument("must not be empty");
             c.database.name = v;
         }}},
        {"database.nodes", {false, [](config& c, const std::string& v) { c.database.nodes = parse_list(v); }}},
        {"payments.api_base", {true, [](config& c, const std::string& v) {
             // The access token travels with every call: never in clear text over a network.
             if (!starts_with(v, "https://") && !(starts_with(v, "http://") && is_loopback_url(v)))
                 throw std::invalid_argument("must be https:// (plain http:// only to this machine, e.g. the sandbox)");
             c.payments_api_base = v;
             while (!c.payments_api_base.empty() && c.payments_api_base.back() == '/') c.payments_api_base.pop_back();
             // "https://" alone names no gateway (the fuzzer found it, after a '#' comment).
             if (c.payments_api_base.find("//") == std::string::npos)
                 throw std::invalid_argument("must name the gateway's host, e.g. https://api.mercadopago.com");
         }}},
        {"payments.access_token", {true, [](config& c, const std::string& v) { c.payments_access_token = v; }}},
        {"payments.webhook_secret", {true, [](config& c, const std::string& v) {
             // Empty: not set yet (the Debian package ships it so; reservactl setup-db and migrate
             // run before it is), which only reserva-fcgi refuses (check_ready_to_serve).
             if (!v.empty() && v.size() < min_webhook_secret)
                 throw std::invalid_argument("must be at least " + std::to_string(min_webhook_secret) +
                                             " characters (Mercado Pago's secret is 64 hex digits)");
             c.payments_webhook_secret = v;
         }}},
        {"payments.expiry_minutes", {false, [](config& c, const std::string& v) { c.payments_expiry_minutes = parse_int_in(v, 1, 7 * 24 * 60); }}},
        {"payments.max_unfinished", {false, [](config& c, const std::string& v) { c.payments_max_unfinished = parse_int_in(v, 1, 100); }}},
        {"mail.smtp_url", {true, [](config& c, const std::string& v) { c.mail_smtp_url = v; }}},
        {"mail.from", {true, [](config& c, const std::string& v) { c.mail_from = v; }}},
        {"mail.notify", {false, [](config& c, const std::string& v) { c.mail_notify = v; }}},
        {"site.timezone", {false, [](config& c, const std::string& v) {
             if (v.empty() || v.find("..") != std::string::npos || v.front() == '/')
                 throw std::invalid_argument("must be an IANA zone name such as America/Sao_Paulo");
             c.site_timezone = v;
         }}},
        {"admin.session_idle_minutes", {false, [](config& c, const std::string& v) { c.admin_session_idle_minutes = parse_int_in(v, 1, 30 * 24 * 60); }}},
        {"admin.require_totp", {false, [](config& c, const std::string& v) {
             if (v != "none" && v != "owner" && v != "all") throw std::invalid_argument("must be none, owner or all");
             c.admin_require_totp = v;
         }}},
        {"limits.units_per_item", {false, [](config& c, const std::string& v) { c.limits_units_per_item = parse_int_in(v, 1, 1000); }}},
        {"limits.orders_per_address", {false, [](config& c, const std::string& v) { c.limits_orders_per_address = parse_int_in(v, 0, 100000); }}},
        {"limits.address_window_minutes", {false, [](config& c, const std::string& v) { c.limits_address_window_minutes = parse_int_in(v, 1, 7 * 24 * 60); }}},
        {"media.dir", {false, [](config& c, const std::string& v) {
             if (v.empty() || v.front() != '/') throw std::invalid_argument("must be an absolute path");
             c.media_dir = v;
             while (c.media_dir.size() > 1 && c.media_dir.back() == '/') c.media_dir.pop_back();
         }}},
        {"media.url", {false, [](config& c, const std::string& v) {
             if (v.empty()) throw std::invalid_argument("must not be empty");
             c.media_url = v.back() == '/' ? v : v + "/";
         }}},
        {"stock.low_threshold", {false, [](config& c, const std::string& v) { c.stock_low_threshold = parse_int_in(v, 0, 1000000); }}},
    };
    return table;
}

// "value   ; comment" -> "value". A comment starts at ';' or '#' after white space, so that a
// password such as "a;b" survives; a value in double quotes is taken literally. An empty value
// with a comment ("socket =     ; optional", as SPEC section 2 writes it) is empty: the comment
// then starts the value, after the blanks that follow '='.
std::string strip_value(std::string_view raw) {
    std::string_view v = trim(raw);
    if (!v.empty() && (v.front() == ';' || v.front() == '#') && raw.size() > v.size() &&
        (raw.front() == ' ' || raw.front() == '\t'))
        return {};
    if (v.size() >= 2 && v.front() == '"') {
        auto close = v.find('"', 1);
        if (close != std::string_view::npos) return std::string(v.substr(1, close - 1));
    }
    for (std::size_t i = 1; i < v.size(); ++i) {
        if ((v[i] == ';' || v[i] == '#') && (v[i - 1] == ' ' || v[i - 1] == '\t')) {
            v = trim(v.substr(0, i));
            break;
        }
    }
    return std::string(v);
}

}  // namespace

bool is_loopback_url(const std::string& url) {
    std::string host = url_host(url);
    if (host == "localhost" || host == "[::1]") return true;
    // 127.0.0.0/8, written as four decimal parts
    auto parts = split(host, '.');
    if (parts.size() != 4 || parts[0] != "127") return false;
    for (auto part : parts) {
        auto n = parse_int64(part);
        if (part.empty() || part.size() > 3 || !n || *n < 0 || *n > 255) return false;
    }
    return true;
}

config parse_config(std::string_view text, const std::string& origin) {
    config result;
    std::string section;
    std::set<std::string> seen;
    int line_number = 0;
    for (auto& raw_line : split(text, '\n')) {
        ++line_number;
        auto where = origin + ":" + std::to_string(line_number) + ": ";
        std::string_view line = trim(raw_line);
        if (line.empty() || line.front() == ';' || line.front() == '#') continue;
        if (line.front() == '[') {
            if (line.back() != ']') throw config_error(where + "section header must end with ']'");
            section = std::string(trim(line.substr(1, line.size() - 2)));
            continue;
        }
        auto eq = line.find('=');
        if (eq == std::string_view::npos) throw config_error(where + "expected 'key = value'");
        std::string key = std::string(trim(line.substr(0, eq)));
        std::string full_key = section + "." + key;
        auto rule = rules().find(full_key);
        if (section.empty() || rule == rules().end())
            throw config_error(where + "unknown key '" + key + "'" +
                               (section.empty() ? " outside any section" : " in section [" + section + "]"));
        if (!seen.insert(full_key).second) throw config_error(where + "key '" + full_key + "' given twice");
        try {
            rule->second.apply(result, strip_value(line.substr(eq + 1)));
        } catch (const std::invalid_argument& e) {
            throw config_error(where + "'" + full_key + "' " + e.what());
        }
    }
    for (auto& [key, rule] : rules())
        if (rule.required && !seen.count(key))
            throw config_error(origin + ": missing required key '" + key + "'");
    return result;
}

void check_ready_to_serve(const config& settings, const std::string& origin) {
    if (settings.payments_webhook_secret.empty())
        throw config_error(origin + ": 'payments.webhook_secret' is empty: set the secret of your Mercado Pago "
                                    "application's notifications (at least " +
                           std::to_string(min_webhook_secret) + " characters)");
}

config load_config(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw config_error(path + ": cannot read the configuration file");
    std::ostringstream text;
    text << in.rdbuf();
    return parse_config(text.str(), path);
}

}  // namespace reserva
