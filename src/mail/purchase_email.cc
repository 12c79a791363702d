#include "mail/purchase_email.h"

#include <ctemplate/template.h>

#include "util/money.h"
#include "view/address_values.h"
#include "view/order_lines.h"
#include "view/page.h"

namespace reserva::mail {

message purchase_email(const store::order_view& order, const std::string& from, const std::string& to,
                       const std::string& base_url) {
    ctemplate::TemplateDictionary values("purchase_email");
    values.SetIntValue("ORDER_ID", order.id);
    values.SetValue("TOTAL", format_brl(order.total));
    values.SetValue("FINISHED_AT", order.finished_at);
    values.SetValue("ORDER_URL", base_url + "/order_approved/" + std::to_string(order.id) + "/");
    for (auto& line : order.lines) view::add_order_line(values, line);
    view::fill_address_values(values, order.ship_to);
    message m;
    m.from = from;
    m.to = to;
    m.subject = "Reserva: order #" + std::to_string(order.id) + " confirmed";
    m.text = view::render_template("purchase_email.txt.tpl", values);
    m.html = view::render_template("purchase_email.html.tpl", values);
    return m;
}

}  // namespace reserva::mail
