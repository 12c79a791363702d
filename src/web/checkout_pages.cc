#include "web/checkout_pages.h"

#include <map>

#include "payments/payment_flow.h"
#include "store/address.h"
#include "store/addresses.h"
#include "store/cart.h"
#include "util/log.h"
#include "util/text.h"
#include "view/address_values.h"
#include "view/names.h"
#include "view/page.h"
#include "web/address_form.h"
#include "web/cart_view.h"
#include "web/visitor.h"

namespace reserva::web {

namespace names = view::names;

namespace {

struct checkout_form {
    store::address ship_to;
    std::string email;
    std::map<std::string, std::string> errors;
    bool save_address = false;  // a signed-in shopper's new address goes to the address book
};

// A signed-in shopper picks a saved address (address_id) or types a new one; a guest types one
// and gives an e-mail. Nothing from the form is used before it is checked.
checkout_form read_form(context& ctx, const visitor& who, const http::request& req) {
    checkout_form form;
    std::string chosen = req.param("address_id");
    if (who.signed_in() && !chosen.empty()) {
        auto id = parse_id(chosen);
        auto saved = id ? store::find_address(ctx.database, who.client_id(), *id) : std::nullopt;
        if (!saved) form.errors["address_id"] = "Please choose one of your addresses.";
        else form.ship_to = *saved;
    } else {
        form.ship_to = read_address(req);
        form.errors = store::validate_address(form.ship_to);
        form.save_address = who.signed_in();
    }
    form.email = who.signed_in() ? who.email() : req.param("email");
    if (auto problem = store::validate_email(form.email); !problem.empty()) form.errors["email"] = problem;
    return form;
}

http::response render_checkout(context& ctx, visitor& who, const store::cart& cart, const checkout_form& form,
                               const std::string& error, int status) {
    view::page page("checkout.tpl", "Checkout");
    who.fill_layout(page);
    auto& body = page.body();
    body.SetValue(names::CSRF_TOKEN, who.csrf_token());
    body.SetValue(names::EXPIRY_MINUTES, count_of(ctx.settings.payments_expiry_minutes, "minute", "minutes"));
    if (error == "payment_unavailable") body.ShowSection(names::PAYMENT_UNAVAILABLE);
    if (error == "payment_failed") body.ShowSection(names::PAYMENT_FAILED);
    if (error == "too_many_units")
        body.AddSectionDictionary("TOO_MANY_UNITS")->SetValue("UNITS", count_of(ctx.settings.limits_units_per_item, "unit", "units"));
    if (error == "address_busy") body.ShowSection("ADDRESS_BUSY");  // it says how long links last, as above
    fill_cart(body, cart);
    fill_address_fields(body, form.ship_to, form.errors);
    show_field_errors(body, form.errors);
    if (!form.errors.empty()) body.ShowSection(names::FORM_ERRORS);
    if (who.signed_in()) {
        body.AddSectionDictionary(names::ACCOUNT)->SetValue(names::ACCOUNT_EMAIL, who.email());
        auto saved = store::list_addresses(ctx.database, who.client_id());
        if (!saved.empty()) {
            auto* list = body.AddSectionDictionary(names::SAVED_ADDRESSES);
            for (auto& address : saved) {
                auto* option = list->AddSectionDictionary(names::SAVED);
                option->SetIntValue(names::ID, address.id);
                view::fill_address_values(*option, address.fields);
            }
            show_field_errors(*list, form.errors);
        }
    } else {
        auto* guest = body.AddSectionDictionary(names::GUEST);
        guest->SetValue(names::EMAIL, form.email);
        show_field_errors(*guest, form.errors);
    }
    auto r = http::html(page.render());
    r.status = status;
    return who.finish(std::move(r));
}

// An empty cart or a line above what is available goes back to the cart, which clamps and explains.
bool cart_can_check_out(const store::cart& cart) { return !cart.lines.empty() && !cart.any_line_short(); }

http::response checkout_page(context& ctx, http::request& req) {
    visitor who(ctx, req, with_cart);
    const store::cart& cart = who.cart();
    if (!cart_can_check_out(cart)) return who.finish(http::redirect(303, "/cart/?error=quantity"));
    return render_checkout(ctx, who, cart, checkout_form{}, req.param("error"), 200);
}

http::response confirm_order(context& ctx, http::request& req) {
    visitor who(ctx, req, with_cart);
    const store::cart& cart = who.cart();
    if (!cart_can_check_out(cart)) return who.finish(http::redirect(303, "/cart/?error=quantity"));
    auto form = read_form(ctx, who, req);
    if (!form.errors.empty()) return render_checkout(ctx, who, cart, form, "", 400);
    if (form.save_address) store::add_address(ctx.database, who.client_id(), form.ship_to);

    auto result = ctx.payments.confirm({who.client_id(), form.ship_to, form.email, 0, req.remote_address(), {}});
    switch (result.result) {
        case payments::checkout_result::kind::pay_at_gateway:
            return who.finish(http::redirect(303, result.init_point));
        case payments::checkout_result::kind::too_many_units:
            log_line("checkout refused: client " + std::to_string(who.client_id()) + " from " + req.remote_address() +
                     " asked for more than " + std::to_string(ctx.settings.limits_units_per_item) + " units of one item");
            return render_checkout(ctx, who, cart, form, "too_many_units", 400);
        case payments::checkout_result::kind::address_busy:
            log_line("checkout refused: client " + std::to_string(who.client_id()) + " from " + req.remote_address() +
                     ": the address already holds " + std::to_string(ctx.settings.limits_orders_per_address) +
                     " orders confirmed in the last " + std::to_string(ctx.settings.limits_address_window_minutes) + " minutes");
            return render_checkout(ctx, who, cart, form, "address_busy", 429);
        case payments::checkout_result::kind::gateway_down:
            return who.finish(http::redirect(303, "/checkout/?error=payment_unavailable"));
        case payments::checkout_result::kind::cart_short:
            break;
    }
    return who.finish(http::redirect(303, "/cart/?error=quantity"));
}

}  // namespace

void add_checkout_routes(http::router& routes, context& ctx) {
    routes.add("GET", "/checkout/", [&ctx](http::request& req) { return checkout_page(ctx, req); });
    routes.add("POST", "/checkout/", [&ctx](http::request& req) { return confirm_order(ctx, req); });
}

}  // namespace reserva::web
