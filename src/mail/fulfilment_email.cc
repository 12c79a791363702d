#include "mail/fulfilment_email.h"

#include <ctemplate/template.h>

#include "util/money.h"
#include "view/address_values.h"
#include "view/page.h"

namespace reserva::mail {
namespace {

message render(const std::string& name, const ctemplate::TemplateDictionary& values, const std::string& from,
               const std::string& to, const std::string& subject) {
    message m;
    m.from = from;
    m.to = to;
    m.subject = subject;
    m.text = view::render_template(name + ".txt.tpl", values);
    m.html = view::render_template(name + ".html.tpl", values);
    return m;
}

}  // namespace

message shipped_email(const store::order_view& order, const std::string& from, const std::string& to,
                      const std::string& base_url) {
    ctemplate::TemplateDictionary values("shipped_email");
    values.SetIntValue("ORDER_ID", order.id);
    values.SetValue("CARRIER", order.carrier);
    values.SetValue("TRACKING", order.tracking);
    values.SetValue("SHIPPED_AT", order.shipped_at);
    values.SetValue("ORDER_URL", base_url + "/order_approved/" + std::to_string(order.id) + "/");
    view::fill_address_values(values, order.ship_to);
    return render("shipped_email", values, from, to, "Reserva: order #" + std::to_string(order.id) + " is on its way");
}

message refund_email(const store::order_view& order, const store::refund_view& refund, const std::string& from,
                     const std::string& to, const std::string& base_url) {
    ctemplate::TemplateDictionary values("refund_email");
    values.SetIntValue("ORDER_ID", order.id);
    values.SetValue("AMOUNT", format_brl(refund.amount));
    values.SetValue("REASON", refund.reason);
    values.SetValue("TOTAL", format_brl(order.total));
    values.SetValue("REFUNDED", format_brl(order.refunded));
    values.SetValue("ORDER_URL", base_url + "/order_approved/" + std::to_string(order.id) + "/");
    return render("refund_email", values, from, to,
                  "Reserva: " + format_brl(refund.amount) + " refunded for order #" + std::to_string(order.id));
}

}  // namespace reserva::mail
