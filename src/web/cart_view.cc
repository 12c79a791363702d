#include "web/cart_view.h"

#include "view/names.h"
#include "view/order_lines.h"

namespace reserva::web {

namespace names = view::names;

std::string image_or_placeholder(const std::string& image_url) {
    return image_url.empty() ? "/static/img/demo/placeholder.svg" : image_url;
}

void fill_cart(ctemplate::TemplateDictionary& body, const store::cart& cart) {
    body.SetIntValue(names::ORDER_ID, cart.order_id);
    for (auto& line : cart.lines) {
        // The line as every page and e-mail shows one (view/order_lines.h), then the cart's own parts.
        auto& row = view::add_order_line(body, line);
        row.SetIntValue(names::PRODUCT_ID, line.product_id);
        row.SetIntValue(names::COLOR_ID, line.color_id);
        row.SetValue(names::IMAGE_URL, image_or_placeholder(line.image_url));
        row.SetIntValue(names::AVAILABLE, line.available);
        row.ShowSection(line.quantity < line.available ? names::CAN_ADD : names::AT_LIMIT);
    }
    body.SetIntValue(names::UNITS, cart.units());
    body.SetValue(names::TOTAL, format_brl(cart.total()));
    body.SetIntValue(names::TOTAL_CENTS, cart.total());
}

void fill_order_lines(ctemplate::TemplateDictionary& dict, const store::order_view& order) {
    for (auto& line : order.lines) {
        auto& row = view::add_order_line(dict, line);
        row.SetIntValue(names::PRODUCT_ID, line.product_id);
        row.SetValue(names::IMAGE_URL, image_or_placeholder(line.image_url));
    }
}

}  // namespace reserva::web
