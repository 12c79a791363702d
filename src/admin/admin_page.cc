#include "admin/admin_page.h"

#include "view/error_page.h"

namespace reserva::admin {
namespace {

// The back office's error pages: its layout, a way back to /admin/, and plainer headings where
// a status means more there (403 is also a role's refusal).
const view::error_site back_office{layout_template, "/admin/", "Back to the back office",
                                   {{403, "Not allowed"}, {404, "Not found"}, {500, "Something went wrong"}}};

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
    http::response r = view::error_page(back_office, status, message, [&](view::page& page) {
        if (who) fill_layout(page, *who);
    });
    r.add_header("Cache-Control", "no-store");
    return who ? who->finish(std::move(r)) : r;
}

}  // namespace reserva::admin
