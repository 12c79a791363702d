#include "web/error_pages.h"

#include "view/error_page.h"

namespace reserva::web {
namespace {

const view::error_site shop{"layout.tpl", "/store/", "Back to the store", {}};

}  // namespace

http::response error_page(int status, const std::string& message) { return view::error_page(shop, status, message); }

http::response not_found() {
    return error_page(404, "The page you asked for does not exist or is no longer available.");
}

}  // namespace reserva::web
