// The error page the shop and the back office both answer with: a heading for the status, a
// plain message and a way back, in the site's own layout (error.tpl inside layout.tpl or
// admin_layout.tpl). When the templates themselves fail it is still an answer with the status:
// http::plain_error's small page, and a log line.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "http/response.h"
#include "view/page.h"

namespace reserva::view {

struct error_heading {
    int status;
    const char* text;
};

// Where an error page stands: its layout, its way back, and the statuses it words its own way
// (the rest take the shared headings of error_page.cc).
struct error_site {
    const char* layout;
    const char* back_href;
    const char* back_label;
    std::vector<error_heading> own_headings;
};

// fill_layout, when given, sets what the site's layout needs (the back office's navigation).
http::response error_page(const error_site& site, int status, const std::string& message,
                          const std::function<void(page&)>& fill_layout = {});

}  // namespace reserva::view
