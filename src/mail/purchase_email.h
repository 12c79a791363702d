// The purchase e-mail's words, from the finished order (templates purchase_email.*.tpl).
#pragma once
#include "mail/smtp_sender.h"
#include "store/orders.h"

namespace reserva::mail {

message purchase_email(const store::order_view& order, const std::string& from, const std::string& to,
                       const std::string& base_url);

}  // namespace reserva::mail
