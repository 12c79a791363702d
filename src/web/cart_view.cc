#include "web/cart_view.h"

namespace reserva::web {

std::string image_or_placeholder(const std::string& image_url) {
    return image_url.empty() ? "/static/img/demo/placeholder.svg" : image_url;
}

void fill_cart(ctemplate::TemplateDictionary& body, const store::cart& cart) {
    body.SetIntValue("ORDER_ID", cart.order_id);
    for (auto& line : cart.lines) {
        auto* row = body.AddSectionDictionary("LINE");
        row->SetIntValue("PRODUCT_ID", line.product_id);
        row->SetIntValue("COLOR_ID", line.color_id);
        row->SetValue("NAME", line.product_name);
        row->SetValue("COLOR", line.color_name);
        row->SetValue("SIZE", line.size);
        row->SetValue("IMAGE_URL", image_or_placeholder(line.image_url));
        row->SetIntValue("QUANTITY", line.quantity);
        row->SetIntValue("AVAILABLE", line.available);
        row->SetValue("UNIT_PRICE", format_brl(line.unit_price));
        row->SetValue("LINE_TOTAL", format_brl(line.line_total()));
        row->ShowSection(line.quantity < line.available ? "CAN_ADD" : "AT_LIMIT");
    }
    body.SetIntValue("UNITS", cart.units());
    body.SetValue("TOTAL", format_brl(cart.total()));
    body.SetIntValue("TOTAL_CENTS", cart.total());
}

void fill_order_lines(ctemplate::TemplateDictionary& dict, const store::order_view& order) {
    for (auto& line : order.lines) {
        auto* row = dict.AddSectionDictionary("LINE");
        row->SetIntValue("PRODUCT_ID", line.product_id);
        row->SetValue("NAME", line.product_name);
        row->SetValue("COLOR", line.color_name);
        row->SetValue("SIZE", line.size);
        row->SetValue("IMAGE_URL", image_or_placeholder(line.image_url));
        row->SetIntValue("QUANTITY", line.quantity);
        row->SetValue("UNIT_PRICE", format_brl(line.unit_price));
        row->SetValue("LINE_TOTAL", format_brl(line.unit_price * line.quantity));
    }
}

}  // namespace reserva::web
