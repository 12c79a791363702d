// The cart's lines and totals as template values, shared by the cart and checkout pages.
#pragma once
#include <ctemplate/template.h>

#include "store/cart.h"

namespace reserva::web {

void fill_cart(ctemplate::TemplateDictionary& body, const store::cart& cart);

}  // namespace reserva::web
