#include "payments/init_point.h"

#include "util/config.h"
#include "util/text.h"

namespace reserva::payments {
namespace {

bool ends_with(const std::string& text, const std::string& suffix) {
    return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool is_country_code(const std::string& label) {
    return label.size() == 2 && label[0] >= 'a' && label[0] <= 'z' && label[1] >= 'a' && label[1] <= 'z';
}

}  // namespace

bool trusted_init_point(const std::string& api_base, const std::string& init_point) {
    if (is_loopback_url(api_base))
        return (starts_with(init_point, "http://") || starts_with(init_point, "https://")) && is_loopback_url(init_point);
    if (!starts_with(init_point, "https://")) return false;
    std::string api = url_host(api_base), host = url_host(init_point);
    if (api.empty() || host.empty()) return false;
    if (host == api) return true;
    auto first_dot = api.find('.');
    if (first_dot == std::string::npos || api.find('.', first_dot + 1) == std::string::npos) return false;
    std::string domain = api.substr(first_dot + 1);  // mercadopago.com
    if (host == domain || ends_with(host, "." + domain)) return true;
    auto last_dot = host.rfind('.');
    if (last_dot == std::string::npos || !is_country_code(host.substr(last_dot + 1))) return false;
    std::string without_country = host.substr(0, last_dot);
    return without_country == domain || ends_with(without_country, "." + domain);
}

}  // namespace reserva::payments
