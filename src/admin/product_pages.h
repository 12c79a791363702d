// The back office's catalog pages (SPEC section 8): products (list, new, edit: name,
// description, price in BRL form, published), their photos (multipart upload, delete, order) and
// their variants (color, size, SKU). Staff and owners alike.
#pragma once
#include "admin/application.h"

namespace reserva::admin {

void add_product_routes(application& app, context& ctx);

}  // namespace reserva::admin
