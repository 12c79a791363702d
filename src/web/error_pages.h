// Error answers as pages for people: the site's layout with a heading and a plain message.
#pragma once
#include <string>

#include "http/response.h"

namespace reserva::web {

http::response error_page(int status, const std::string& message);
http::response not_found();

}  // namespace reserva::web
