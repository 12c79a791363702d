#include "web/checkout_pages.h"

#include <map>

#include "payments/payment_flow.h"
#include "store/address.h"
#include "store/cart.h"
#include "view/page.h"
#include "web/cart_view.h"
#include "web/visitor.h"

namespace reserva::web {
namespace {

struct checkout_form {
    store::address ship_to;
    std::string email;
    std::map<std::string, std::string> errors;
};

checkout_form read_form(const http::request& req) {
    checkout_form form;
    form.ship_to = {req.param("street"), req.param("number"), req.param("complement"), req.param("neighborhood"),
                    req.param("city"), req.param("state"), req.param("zip")};
    form.email = req.param("email");
    form.errors = store::validate_address(form.ship_to);
    if (auto problem = store::validate_email(form.email); !problem.empty()) form.errors["email"] = problem;
    return form;
}

void fill_form(ctemplate::TemplateDictionary& body, const checkout_form& form) {
    const auto& a = form.ship_to;
    const std::pair<const char*, const std::string*> fields[] = {
        {"STREET", &a.street}, {"NUMBER", &a.number}, {"COMPLEMENT", &a.complement}, {"NEIGHBORHOOD", &a.neighborhood},
        {"CITY", &a.city},     {"STATE", &a.state},   {"ZIP", &a.zip},               {"EMAIL", &form.email}};
    for (auto& [name, value] : fields) body.SetValue(name, *value);
    for (auto& [field, message] : form.errors) {
        std::string section = "ERROR_";
        for (char c : field) section += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        body.AddSectionDictionary(section)->SetValue("MESSAGE", message);
    }
    if (!form.errors.empty()) body.ShowSection("FORM_ERRORS");
}

http::response render_checkout(context& ctx, visitor& who, const store::cart& cart, const checkout_form& form,
                               const std::string& error, int status) {
    view::page page("checkout.tpl", "Checkout");
    who.fill_layout(page);
    auto& body = page.body();
    body.SetValue("CSRF_TOKEN", who.csrf_token());
    body.SetIntValue("EXPIRY_MINUTES", ctx.settings.payments_expiry_minutes);
    if (error == "payment_unavailable") body.ShowSection("PAYMENT_UNAVAILABLE");
    if (error == "payment_failed") body.ShowSection("PAYMENT_FAILED");
    fill_cart(body, cart);
    fill_form(body, form);
    auto r = http::html(page.render());
    r.status = status;
    return who.finish(std::move(r));
}

// An empty cart or a line above what is available goes back to the cart, which clamps and explains.
bool cart_can_check_out(const store::cart& cart) { return !cart.lines.empty() && !cart.any_line_short(); }

http::response checkout_page(context& ctx, http::request& req) {
    visitor who(ctx, req);
    store::cart cart;
    if (who.client_id()) cart = store::load_cart(ctx.database, who.client_id());
    if (!cart_can_check_out(cart)) return who.finish(http::redirect(303, "/cart/?error=quantity"));
    return render_checkout(ctx, who, cart, checkout_form{}, req.param("error"), 200);
}

http::response confirm_order(context& ctx, http::request& req) {
    visitor who(ctx, req);
    store::cart cart;
    if (who.client_id()) cart = store::load_cart(ctx.database, who.client_id());
    if (!cart_can_check_out(cart)) return who.finish(http::redirect(303, "/cart/?error=quantity"));
    auto form = read_form(req);
    if (!form.errors.empty()) return render_checkout(ctx, who, cart, form, "", 400);

    auto result = ctx.payments.confirm({who.client_id(), form.ship_to, form.email, 0});
    switch (result.result) {
        case payments::checkout_result::kind::pay_at_gateway:
            return who.finish(http::redirect(303, result.init_point));
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
