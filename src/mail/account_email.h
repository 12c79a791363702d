// The account e-mails' words (templates account_email.*.tpl), queued in the outbox: plain text
// and HTML parts, like the purchase e-mail, so that every common client shows them well.
#pragma once
#include <string>

#include "db/pool.h"

namespace reserva::mail {

// A link to /password_reset/{token}/, valid for store::link_valid_minutes.
void queue_reset_email(db::pool& pool, const std::string& to, const std::string& base_url, const std::string& token);
// After registration: the account is ready.
void queue_welcome_email(db::pool& pool, const std::string& to, const std::string& base_url);
// Someone tried to register an e-mail that has an account: its owner hears of it (the page
// answered as for a new account, so the form does not tell who is a customer).
void queue_already_registered_email(db::pool& pool, const std::string& to, const std::string& base_url);
// A link to /account/email/{token}/ sent to the new address.
void queue_email_change_email(db::pool& pool, const std::string& to, const std::string& base_url, const std::string& token);
// To the old address once the e-mail has changed, and to the account once the password has.
void queue_email_changed_notice(db::pool& pool, const std::string& to, const std::string& new_email, const std::string& base_url);
void queue_password_changed_notice(db::pool& pool, const std::string& to, const std::string& base_url);

}  // namespace reserva::mail
