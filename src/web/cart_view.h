// Cart and order lines as template values, shared by the cart, checkout, order and my-orders pages.
#pragma once
#include <ctemplate/template.h>

#include <string>

#include "store/cart.h"
#include "store/orders.h"

namespace reserva::web {

// A product's image, or the neutral hanger for a product without one.
std::string image_or_placeholder(const std::string& image_url);
void fill_cart(ctemplate::TemplateDictionary& body, const store::cart& cart);
// A finished order's lines (what was paid), as LINE sections.
void fill_order_lines(ctemplate::TemplateDictionary& dict, const store::order_view& order);

}  // namespace reserva::web
