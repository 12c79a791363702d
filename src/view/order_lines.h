// An order's line as template values, the same wherever a line is shown: the cart, checkout,
// the shopper's orders, the back office's order page and the purchase e-mail. Each line is one
// LINE section with NAME, COLOR, SIZE, QUANTITY, UNIT_PRICE and LINE_TOTAL (prices in BRL form).
#pragma once
#include <ctemplate/template.h>

#include <string>

#include "util/money.h"
#include "view/names.h"

namespace reserva::view {

void fill_order_line(ctemplate::TemplateDictionary& row, const std::string& product, const std::string& color,
                     const std::string& size, int quantity, cents unit_price);

// Line: any of the store's line types (store::cart_line, order_line_view, admin_line): they
// name these fields alike. Returns the section, for the values only one page shows.
template <class Line>
ctemplate::TemplateDictionary& add_order_line(ctemplate::TemplateDictionary& dict, const Line& line) {
    auto* row = dict.AddSectionDictionary(names::LINE);
    fill_order_line(*row, line.product_name, line.color_name, line.size, line.quantity, line.unit_price);
    return *row;
}

}  // namespace reserva::view
