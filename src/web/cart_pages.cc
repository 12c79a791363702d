#include "web/cart_pages.h"

#include "store/cart.h"
#include "store/catalog.h"
#include "util/text.h"
#include "view/names.h"
#include "view/page.h"
#include "web/cart_view.h"
#include "web/error_pages.h"
#include "web/visitor.h"

namespace reserva::web {

namespace names = view::names;

namespace {

// The variant named by the path and the form; nullopt when it cannot name one.
std::optional<store::variant_key> variant_from(http::request& req) {
    auto product = parse_id(req.path_params["id"]);
    auto color = parse_id(req.param("color"));
    std::string size(trim(req.param("size")));
    if (!product || !color || size.empty() || size.size() > 16 || !valid_utf8(size)) return std::nullopt;
    return store::variant_key{*product, *color, size};
}

// The shopper's cart already has as many of this variant as one order may hold ([limits]
// units_per_item; confirm_order enforces it, this says so at once).
bool at_item_limit(const store::cart& cart, const store::variant_key& variant, int limit) {
    for (auto& line : cart.lines)
        if (line.product_id == variant.product_id && line.color_id == variant.color_id && line.size == variant.size)
            return line.quantity >= limit;
    return false;
}

http::response add_to_cart(context& ctx, http::request& req) {
    visitor who(ctx, req, with_cart);
    std::string product = req.path_params["id"];
    if (std::string(trim(req.param("size"))).empty())
        return who.finish(http::redirect(303, "/product/" + product + "/?error=size_required"));
    auto variant = variant_from(req);
    // Checked before a client is created, so a bad request leaves no row behind.
    if (!variant || !store::variant_exists(ctx.database, *variant)) return who.finish(not_found());
    if (at_item_limit(who.cart(), *variant, ctx.settings.limits_units_per_item)) {
        who.set_notice("item_limit");
        return who.finish(http::redirect(303, "/cart/"));
    }
    auto result = store::add_unit(ctx.database, who.ensure_client(), *variant);
    if (result == store::add_result::unknown_variant) return who.finish(not_found());
    if (result == store::add_result::at_stock_limit) who.set_notice("stock_limit");
    return who.finish(http::redirect(303, "/cart/"));
}

http::response remove_from_cart(context& ctx, http::request& req) {
    visitor who(ctx, req);
    auto variant = variant_from(req);
    if (!variant || !store::variant_exists(ctx.database, *variant)) return who.finish(not_found());
    if (who.client_id()) store::remove_unit(ctx.database, who.client_id(), *variant);
    return who.finish(http::redirect(303, "/cart/"));
}

void show_adjustments(ctemplate::TemplateDictionary& body, const std::vector<store::cart_adjustment>& changes) {
    for (auto& change : changes) {
        auto* note = body.AddSectionDictionary(names::ADJUSTMENT);
        note->SetValue(names::NAME, change.product_name);
        note->SetValue(names::COLOR, change.color_name);
        note->SetValue(names::SIZE, change.size);
        note->SetIntValue(names::BEFORE, change.before);
        note->SetIntValue(names::AFTER, change.after);
        note->ShowSection(change.after == 0 ? names::REMOVED : names::LOWERED);
    }
}

http::response cart_page(context& ctx, http::request& req) {
    visitor who(ctx, req, with_cart);
    store::cart cart = std::move(who.cart());
    std::vector<store::cart_adjustment> changes;
    if (cart.any_line_short()) {
        changes = store::clamp_cart(ctx.database, who.client_id());
        cart = store::load_cart(ctx.database, who.client_id());
    }
    who.set_cart_units(cart.units());
    view::page page("cart.tpl", "Your cart");
    who.fill_layout(page);
    auto& body = page.body();
    body.SetValue(names::CSRF_TOKEN, who.csrf_token());
    if (req.param("error") == "quantity") body.ShowSection(names::ERROR_QUANTITY);
    std::string notice = who.take_notice(req);
    if (notice == "stock_limit") body.ShowSection(names::NOTICE_STOCK_LIMIT);
    if (notice == "item_limit") body.AddSectionDictionary("NOTICE_ITEM_LIMIT")->SetIntValue("UNITS", ctx.settings.limits_units_per_item);
    show_adjustments(body, changes);
    if (cart.lines.empty()) {
        body.ShowSection(names::EMPTY);
    } else {
        fill_cart(*body.AddSectionDictionary(names::FULL), cart);
    }
    return who.finish(http::html(page.render()));
}

}  // namespace

void add_cart_routes(http::router& routes, context& ctx) {
    routes.add("POST", "/add_to_cart/{id}/", [&ctx](http::request& req) { return add_to_cart(ctx, req); });
    routes.add("POST", "/remove_from_cart/{id}/", [&ctx](http::request& req) { return remove_from_cart(ctx, req); });
    routes.add("GET", "/cart/", [&ctx](http::request& req) { return cart_page(ctx, req); });
}

}  // namespace reserva::web
