#include "web/error_pages.h"

#include "util/log.h"
#include "view/page.h"

namespace reserva::web {
namespace {

const char* heading_for(int status) {
    switch (status) {
        case 400: return "That request did not make sense";
        case 403: return "That form has expired";
        case 404: return "We could not find that page";
        case 405: return "That is not allowed here";
        case 413: return "That is too much data";
        case 503: return "The store is busy for a moment";
        default: return "Something went wrong on our side";
    }
}

}  // namespace

http::response error_page(int status, const std::string& message) {
    try {
        view::page page("error.tpl", heading_for(status));
        page.body().SetIntValue("STATUS", status);
        page.body().SetValue("HEADING", heading_for(status));
        page.body().SetValue("MESSAGE", message);
        http::response r;
        r.status = status;
        r.body = page.render();
        return r;
    } catch (const std::exception& e) {
        log_line(std::string("error page could not be rendered: ") + e.what());
        return http::plain_error(status, message);
    }
}

http::response not_found() {
    return error_page(404, "The page you asked for does not exist or is no longer available.");
}

}  // namespace reserva::web
