// The store's configuration file (INI), as described in SPEC section 2.
#pragma once
#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace reserva {

struct database_settings {
    std::string host = "127.0.0.1";
    int port = 3306;
    std::string socket;               // preferred over host:port when set
    std::string user;
    std::string password;
    std::string name;
    std::vector<std::string> nodes;   // host:port of Galera nodes, tried in order on failure
};

struct config {
    std::string base_url;
    std::string listen;               // empty: systemd socket or fd 0 must provide the socket
    int threads = 16;
    database_settings database;
    std::string payments_api_base;
    std::string payments_access_token;
    std::string payments_webhook_secret;
    int payments_expiry_minutes = 60;
    int payments_max_unfinished = 5;
    std::string mail_smtp_url;
    std::string mail_from;
    std::string mail_notify;          // the store's own address for new-order and low-stock mail; empty: none
    // The back office (SPEC section 8).
    std::string site_timezone = "America/Sao_Paulo";
    int admin_session_idle_minutes = 720;
    std::string admin_require_totp = "owner";  // none | owner | all
    // [limits]: what one order and one client address may hold (denial of inventory, OAT-021).
    int limits_units_per_item = 10;          // units of one variant (color + size) in one order
    int limits_orders_per_address = 20;      // orders one client address may hold stock for; 0: no bound
    int limits_address_window_minutes = 60;  // ...counting those confirmed within this many minutes
    std::string media_dir = "/var/lib/reserva/media";  // product photos, written by the store
    std::string media_url = "/media/";                 // where the web server serves media_dir; ends in '/'
    int stock_low_threshold = 3;      // a variant's default low-stock threshold
};

// api_base must be https unless it is this machine (the sandbox); webhook_secret, once set, long
// enough that it cannot be guessed. Checked by parse_config; exposed for its tests.
bool is_loopback_url(const std::string& url);
inline constexpr std::size_t min_webhook_secret = 32;

// Thrown with "origin:line: message" so an operator can find the bad line at once.
class config_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

config parse_config(std::string_view text, const std::string& origin);
config load_config(const std::string& path);
// What the shop needs before it serves, beyond what every program needs: a webhook secret
// (the other programs run before one is set, e.g. reservactl migrate at install). Throws
// config_error naming origin.
void check_ready_to_serve(const config& settings, const std::string& origin);

inline constexpr const char* default_config_path = "/etc/reserva/reserva.conf";

}  // namespace reserva
