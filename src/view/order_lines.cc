#include "view/order_lines.h"

namespace reserva::view {

void fill_order_line(ctemplate::TemplateDictionary& row, const std::string& product, const std::string& color,
                     const std::string& size, int quantity, cents unit_price) {
    row.SetValue(names::NAME, product);
    row.SetValue(names::COLOR, color);
    row.SetValue(names::SIZE, size);
    row.SetIntValue(names::QUANTITY, quantity);
    row.SetValue(names::UNIT_PRICE, format_brl(unit_price));
    row.SetValue(names::LINE_TOTAL, format_brl(unit_price * quantity));
}

}  // namespace reserva::view
