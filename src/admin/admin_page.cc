#include "admin/admin_page.h"

#include "util/log.h"

namespace reserva::admin {
namespace {

const char* heading_for(int status) {
    switch (status) {
        case 400: return "That request did not make sense";
        case 403: return "Not allowed";
        case 404: return "Not found";
        case 405: return "That is not allowed here";
        case 409: return "That cannot be done now";
        case 503: return "The store is busy for a moment";
        default: return "Something went wrong";
    }
}

}  // namespace

void fill_layout(view::page& page, staff_identity& who) {
    page.layout().SetValue("CSRF_TOKEN", who.csrf_token());
    page.body().SetValue("CSRF_TOKEN", who.csrf_token());
    if (who.signed_in()) {
        auto* nav = page.layout().AddSectionDictionary("SIGNED_IN");
        nav->SetValue("STAFF_NAME", who.member().name);
        nav->SetValue("STAFF_ROLE", store::role_name(who.member().role));
        if (who.is_owner()) nav->ShowSection("OWNER");
    }
}

http::response render(view::page& page, staff_identity& who, int status) {
    http::response r = http::html(page.render());
    r.status = status;
    // Back-office pages show customers' data: never kept by a shared cache or the browser's.
    r.add_header("Cache-Control", "no-store");
    return who.finish(std::move(r));
}

http::response admin_error(int status, const std::string& message, staff_identity* who) {
    try {
        view::page page("admin_error.tpl", heading_for(status), layout_template);
        if (who) fill_layout(page, *who);
        page.body().SetIntValue("STATUS", status);
        page.body().SetValue("HEADING", heading_for(status));
        page.body().SetValue("MESSAGE", message);
        http::response r = http::html(page.render());
        r.status = status;
        r.add_header("Cache-Control", "no-store");
        return who ? who->finish(std::move(r)) : r;
    } catch (const std::exception& e) {
        log_line(std::string("admin error page could not be rendered: ") + e.what());
        return http::plain_error(status, message);
    }
}

}  // namespace reserva::admin
