// Back-office pages: the admin layout (admin_layout.tpl: its own header and navigation, what
// the signed-in person's role may open) around one admin_*.tpl body; and its error pages.
#pragma once
#include <string>

#include "admin/staff_identity.h"
#include "http/response.h"
#include "view/page.h"

namespace reserva::admin {

// Every admin page is a view::page(body, title, admin_layout) filled by this: the navigation
// and the form token.
inline constexpr const char* layout_template = "admin_layout.tpl";
void fill_layout(view::page& page, staff_identity& who);
// Renders and finishes (cookies) the page as a 200 (or `status`).
http::response render(view::page& page, staff_identity& who, int status = 200);
http::response admin_error(int status, const std::string& message, staff_identity* who = nullptr);

}  // namespace reserva::admin
