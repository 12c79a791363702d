#include "web/checkout_pages.h"

#include "store/cart.h"
#include "view/page.h"
#include "web/cart_view.h"
#include "web/visitor.h"

namespace reserva::web {
namespace {

http::response checkout_page(context& ctx, http::request& req) {
    visitor who(ctx, req);
    store::cart cart;
    if (who.client_id()) cart = store::load_cart(ctx.database, who.client_id());
    // Nothing to pay for, or more asked than there is: back to the cart, which clamps and explains.
    if (cart.lines.empty() || cart.any_line_short()) return who.finish(http::redirect(303, "/cart/?error=quantity"));
    view::page page("checkout.tpl", "Checkout");
    who.fill_layout(page);
    page.body().SetValue("CSRF_TOKEN", who.csrf_token());
    fill_cart(page.body(), cart);
    return who.finish(http::html(page.render()));
}

}  // namespace

void add_checkout_routes(http::router& routes, context& ctx) {
    routes.add("GET", "/checkout/", [&ctx](http::request& req) { return checkout_page(ctx, req); });
}

}  // namespace reserva::web
