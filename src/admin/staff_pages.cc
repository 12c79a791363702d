#include "admin/staff_pages.h"

#include "admin/admin_page.h"
#include "store/audit.h"
#include "store/catalog_admin.h"
#include "store/staff.h"
#include "util/local_time.h"
#include "util/text.h"

namespace reserva::admin {
namespace {

constexpr int audit_rows_per_page = 100;
constexpr std::size_t shortest_password = 10;

http::response staff_page(context& ctx, staff_identity& who, const std::string& notice, const std::string& error,
                          int status) {
    view::page page("admin_staff.tpl", "Staff", layout_template);
    fill_layout(page, who);
    for (auto& member : store::list_staff(ctx.database)) {
        auto* row = page.body().AddSectionDictionary("MEMBER");
        row->SetValue("EMAIL", member.email);
        row->SetValue("NAME", member.name);
        row->SetValue("ROLE", store::role_name(member.role));
        row->SetValue("SECOND_FACTOR", member.totp_enabled ? "on" : member.totp_required ? "required, not set up" : "off");
        row->SetValue("STATUS", member.disabled ? "disabled" : "active");
        row->SetValue("CREATED", format_local_date(member.created_at));
        row->SetValue("CSRF_TOKEN", who.csrf_token());
        if (!member.disabled && member.id != who.member().id) row->ShowSection("CAN_DISABLE");
        if (!member.totp_enabled && !member.totp_required) row->ShowSection("CAN_REQUIRE");
    }
    if (!notice.empty()) page.body().AddSectionDictionary("NOTICE")->SetValue("MESSAGE", notice);
    if (!error.empty()) page.body().AddSectionDictionary("ERROR")->SetValue("MESSAGE", error);
    return render(page, who, status);
}

std::string password_problem(const std::string& password) {
    if (password.size() < shortest_password) return "A password needs at least 10 characters.";
    if (password.size() > 200 || !valid_utf8(password)) return "That password cannot be used.";
    return "";
}

http::response change_staff(context& ctx, http::request& req, staff_identity& who) {
    std::string action = req.param("action");
    std::string email(trim(req.param("email")));
    if (email.empty() || email.size() > 254 || !valid_utf8(email) || email.find('@') == std::string::npos)
        return staff_page(ctx, who, "", "Enter the person's e-mail address.", 400);
    auto by = who.actor();
    if (action == "add") {
        std::string name(trim(req.param("name")));
        auto role = store::parse_role(req.param("role"));
        auto problem = password_problem(req.param("password"));
        if (name.empty() || name.size() > 200 || !valid_utf8(name)) problem = "Enter the person's name.";
        if (!role) problem = "Choose a role: owner or staff.";
        if (!problem.empty()) return staff_page(ctx, who, "", problem, 400);
        try {
            store::add_staff(ctx.database, by, email, name, *role, req.param("password"));
        } catch (const store::invalid_request& e) {
            return staff_page(ctx, who, "", e.what(), 400);
        }
        return staff_page(ctx, who, email + " can now sign in.", "", 200);
    }
    bool known = false;
    std::string done;
    if (action == "disable") {
        if (email == who.member().email) return staff_page(ctx, who, "", "You cannot disable your own account.", 400);
        known = store::disable_staff(ctx.database, by, email);
        done = email + " is disabled and signed out everywhere.";
    } else if (action == "password") {
        auto problem = password_problem(req.param("password"));
        if (!problem.empty()) return staff_page(ctx, who, "", problem, 400);
        known = store::set_staff_password(ctx.database, by, email, req.param("password"));
        done = "The password of " + email + " is reset; their sessions ended.";
    } else if (action == "require_totp") {
        known = store::require_totp_for(ctx.database, by, email);
        done = email + " must set up a second factor at the next sign-in.";
    } else {
        return staff_page(ctx, who, "", "Unknown action.", 400);
    }
    if (!known) return staff_page(ctx, who, "", "No staff account has that e-mail.", 400);
    return staff_page(ctx, who, done, "", 200);
}

http::response audit_page(context& ctx, http::request& req, staff_identity& who) {
    auto page_number = parse_int64(req.param("page")).value_or(1);
    if (page_number < 1 || page_number > 100000) page_number = 1;
    auto rows = store::audit_page(ctx.database, audit_rows_per_page + 1, static_cast<int>((page_number - 1) * audit_rows_per_page));
    view::page page("admin_audit.tpl", "Audit log", layout_template);
    fill_layout(page, who);
    for (std::size_t i = 0; i < rows.size() && i < static_cast<std::size_t>(audit_rows_per_page); ++i) {
        auto* row = page.body().AddSectionDictionary("ENTRY");
        row->SetIntValue("ID", rows[i].id);
        row->SetValue("AT", format_local_time(rows[i].at));
        row->SetValue("WHO", rows[i].who);
        row->SetValue("ACTION", rows[i].action);
        row->SetValue("SUBJECT", rows[i].subject);
        row->SetValue("BEFORE", rows[i].before);
        row->SetValue("AFTER", rows[i].after);
    }
    if (rows.empty()) page.body().ShowSection("NONE");
    if (page_number > 1) page.body().AddSectionDictionary("NEWER")->SetIntValue("PAGE", page_number - 1);
    if (rows.size() > static_cast<std::size_t>(audit_rows_per_page))
        page.body().AddSectionDictionary("OLDER")->SetIntValue("PAGE", page_number + 1);
    return render(page, who);
}

}  // namespace

void add_staff_routes(application& app, context& ctx) {
    app.add("GET", "/admin/staff/", access::owner,
            [&ctx](http::request&, staff_identity& who) { return staff_page(ctx, who, "", "", 200); });
    app.add("POST", "/admin/staff/", access::owner,
            [&ctx](http::request& req, staff_identity& who) { return change_staff(ctx, req, who); });
    app.add("GET", "/admin/audit/", access::owner,
            [&ctx](http::request& req, staff_identity& who) { return audit_page(ctx, req, who); });
}

}  // namespace reserva::admin
