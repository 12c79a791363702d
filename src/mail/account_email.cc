#include "mail/account_email.h"

#include <ctemplate/template.h>

#include <initializer_list>

#include "mail/outbox.h"
#include "store/account_links.h"
#include "view/page.h"

namespace reserva::mail {
namespace {

struct link {
    std::string url, label;
};

void queue(db::pool& pool, const std::string& to, const std::string& subject, const std::string& heading,
           std::initializer_list<std::string> paragraphs, const link& action, const std::string& base_url) {
    ctemplate::TemplateDictionary values("account_email");
    values.SetValue("HEADING", heading);
    for (auto& text : paragraphs) values.AddSectionDictionary("PARAGRAPH")->SetValue("TEXT", text);
    if (!action.url.empty()) {
        auto* button = values.AddSectionDictionary("ACTION");
        button->SetValue("URL", action.url);
        button->SetValue("LABEL", action.label);
    }
    values.SetValue("STORE_URL", base_url + "/store/");
    queue_account_mail(pool, to, "Reserva: " + subject, view::render_template("account_email.txt.tpl", values),
                       view::render_template("account_email.html.tpl", values));
}

const std::string ignore_if_not_you = "If you did not ask for this, you can ignore this e-mail: nothing changes.";

}  // namespace

void queue_reset_email(db::pool& pool, const std::string& to, const std::string& base_url, const std::string& token) {
    queue(pool, to, "choose a new password", "Choose a new password",
          {"We were asked to reset the password of your Reserva account. The link below lets you choose a new one. "
           "It works once, for " + std::to_string(store::link_valid_minutes) + " minutes.",
           "Choosing a new password signs you out on every other device.", ignore_if_not_you},
          {base_url + "/password_reset/" + token + "/", "Choose a new password"}, base_url);
}

void queue_welcome_email(db::pool& pool, const std::string& to, const std::string& base_url) {
    queue(pool, to, "your account is ready", "Welcome to Reserva",
          {"Your account is ready: you are signed in, your cart and orders are kept with it.",
           "You can see and change your data, download it or delete the account on the My account page."},
          {base_url + "/account/", "My account"}, base_url);
}

void queue_already_registered_email(db::pool& pool, const std::string& to, const std::string& base_url) {
    queue(pool, to, "you already have an account", "You already have an account",
          {"Someone (perhaps you) tried to create a Reserva account with this e-mail address, which already has one. "
           "No new account was made.",
           "To sign in, use your password. If you forgot it, choose a new one with the link below.", ignore_if_not_you},
          {base_url + "/password_reset/", "Choose a new password"}, base_url);
}

void queue_email_change_email(db::pool& pool, const std::string& to, const std::string& base_url, const std::string& token) {
    queue(pool, to, "confirm your new e-mail address", "Confirm your new e-mail address",
          {"You asked to use this address for your Reserva account. Confirm it with the link below; until then "
           "the account keeps its old address. The link works once, for " +
               std::to_string(store::link_valid_minutes) + " minutes.",
           ignore_if_not_you},
          {base_url + "/account/email/" + token + "/", "Confirm this address"}, base_url);
}

void queue_email_changed_notice(db::pool& pool, const std::string& to, const std::string& new_email, const std::string& base_url) {
    queue(pool, to, "your e-mail address changed", "Your e-mail address changed",
          {"Your Reserva account now uses " + new_email + ". Sign-ins and order e-mails go there from now on.",
           "If you did not do this, reply to this e-mail at once so that we can help."},
          {}, base_url);
}

void queue_password_changed_notice(db::pool& pool, const std::string& to, const std::string& base_url) {
    queue(pool, to, "your password changed", "Your password changed",
          {"The password of your Reserva account was just changed, and every other sign-in was ended.",
           "If you did not do this, choose a new password with the link below and reply to this e-mail."},
          {base_url + "/password_reset/", "Choose a new password"}, base_url);
}

}  // namespace reserva::mail
