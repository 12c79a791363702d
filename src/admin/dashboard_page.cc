#include "admin/dashboard_page.h"

#include "admin/admin_page.h"

namespace reserva::admin {

void add_dashboard_routes(application& app, context&) {
    app.add("GET", "/admin/", access::staff, [](http::request&, staff_identity& who) {
        view::page page("admin_dashboard.tpl", "Today", layout_template);
        fill_layout(page, who);
        page.body().SetValue("STAFF_NAME", who.member().name);
        return render(page, who);
    });
}

}  // namespace reserva::admin
