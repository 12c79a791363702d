#include "view/order_status.h"

#include "store/order_state.h"
#include "util/money.h"

namespace reserva::view {

void fill_order_status(ctemplate::TemplateDictionary& dict, const store::order_view& order) {
    dict.SetValue("ORDER_STATE", order.state);
    dict.SetValue("STATE_LABEL", order.state == "paid" ? "Paid - being prepared" : store::order_state_label(order.state));
    if (!order.shipped_at.empty()) {
        auto* shipped = dict.AddSectionDictionary("SHIPPED");
        shipped->SetValue("CARRIER", order.carrier);
        shipped->SetValue("TRACKING", order.tracking);
        shipped->SetValue("SHIPPED_AT", order.shipped_at);
    }
    if (!order.delivered_at.empty()) dict.AddSectionDictionary("DELIVERED")->SetValue("DELIVERED_AT", order.delivered_at);
    for (auto& refund : order.refunds) {
        auto* note = dict.AddSectionDictionary("REFUND");
        note->SetValue("AMOUNT", format_brl(refund.amount));
        note->SetIntValue("REFUND_CENTS", refund.amount);
        note->SetValue("REASON", refund.reason);
        note->ShowSection(refund.done ? "DONE" : "PENDING");
        note->ShowSection(refund.after_sale ? "AFTER_SALE" : "AUTOMATIC");
    }
}

}  // namespace reserva::view
