// The e-mails that follow a sale: "on its way" (carrier and tracking) and one per refund
// (templates shipped_email.*.tpl, refund_email.*.tpl).
#pragma once
#include "mail/smtp_sender.h"
#include "store/orders.h"

namespace reserva::mail {

message shipped_email(const store::order_view& order, const std::string& from, const std::string& to,
                      const std::string& base_url);
message refund_email(const store::order_view& order, const store::refund_view& refund, const std::string& from,
                     const std::string& to, const std::string& base_url);

}  // namespace reserva::mail
