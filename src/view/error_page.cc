#include "view/error_page.h"

#include "util/log.h"

namespace reserva::view {
namespace {

const char* shared_heading(int status) {
    switch (status) {
        case 400: return "That request did not make sense";
        case 403: return "That form has expired";
        case 404: return "We could not find that page";
        case 405: return "That is not allowed here";
        case 409: return "That cannot be done now";
        case 413: return "That is too much data";
        case 503: return "The store is busy for a moment";
        default: return "Something went wrong on our side";
    }
}

const char* heading_for(const error_site& site, int status) {
    for (auto& own : site.own_headings)
        if (own.status == status) return own.text;
    return shared_heading(status);
}

}  // namespace

http::response error_page(const error_site& site, int status, const std::string& message,
                          const std::function<void(page&)>& fill_layout) {
    try {
        const char* heading = heading_for(site, status);
        page page("error.tpl", heading, site.layout);
        if (fill_layout) fill_layout(page);
        page.body().SetIntValue("STATUS", status);
        page.body().SetValue("HEADING", heading);
        page.body().SetValue("MESSAGE", message);
        page.body().SetValue("BACK_HREF", site.back_href);
        page.body().SetValue("BACK_LABEL", site.back_label);
        http::response r = http::html(page.render());
        r.status = status;
        return r;
    } catch (const std::exception& e) {
        log_line(std::string("error page could not be rendered (") + site.layout + "): " + e.what());
        return http::plain_error(status, message);
    }
}

}  // namespace reserva::view
