#include "web/store_pages.h"

#include <set>

#include "store/catalog.h"
#include "store/photos.h"
#include "util/text.h"
#include "view/names.h"
#include "view/page.h"
#include "web/cart_view.h"
#include "web/error_pages.h"
#include "web/store_cards.h"
#include "web/visitor.h"

namespace reserva::web {

namespace names = view::names;

namespace {

// ?page=N (1 when absent); nullopt for anything but a page number.
std::optional<int> page_number(const http::request& req) {
    std::string text = req.param("page");
    if (text.empty()) return 1;
    auto n = parse_id(text);
    if (!n || *n < 1 || *n > 100000) return std::nullopt;
    return static_cast<int>(*n);
}

http::response catalog_page(context& ctx, store_cards& cards, http::request& req) {
    visitor who(ctx, req);
    auto page_asked = page_number(req);
    if (!page_asked) return who.finish(error_page(400, "That is not a page of the store."));
    auto list = store::list_products(ctx.database, ctx.caches.catalog, *page_asked, who.catalog_version());
    if (list.products.empty() && *page_asked > 1) return who.finish(not_found());
    view::page page("store.tpl", "Store");
    who.fill_layout(page);
    auto& body = page.body();
    if (list.products.empty()) body.ShowSection(names::EMPTY);
    auto rendered = cards.of(*list.catalog);
    for (auto* p : list.products) {
        auto found = rendered->cards.find(p->id);
        // A product hidden in a newer version than this page's copy: its card is drawn here.
        body.AddSectionDictionary(names::PRODUCT)
            ->SetValue("CARD", found != rendered->cards.end() ? found->second : render_store_card(cards.media(), *p));
    }
    if (list.pages > 1) {
        auto* pager = body.AddSectionDictionary("PAGER");
        pager->SetIntValue("PAGE", list.page);
        pager->SetIntValue("PAGES", list.pages);
        if (list.page > 1) pager->AddSectionDictionary("HAS_PREVIOUS")->SetIntValue("PREVIOUS", list.page - 1);
        if (list.page < list.pages) pager->AddSectionDictionary("HAS_NEXT")->SetIntValue("NEXT", list.page + 1);
    }
    return who.finish(http::html(page.render()));
}

void fill_choices(ctemplate::TemplateDictionary& body, const store::product_detail& product) {
    // One option per color and per size, in the variants' order; "sold out" when no variant of
    // that color (or size) can be bought now.
    std::vector<std::pair<std::int64_t, std::string>> colors;
    std::vector<std::string> sizes;
    std::set<std::int64_t> colors_in_stock;
    std::set<std::string> sizes_in_stock;
    for (auto& v : product.variants) {
        if (std::find_if(colors.begin(), colors.end(), [&](auto& c) { return c.first == v.color_id; }) == colors.end())
            colors.emplace_back(v.color_id, v.color_name);
        if (std::find(sizes.begin(), sizes.end(), v.size) == sizes.end()) sizes.push_back(v.size);
        if (v.available > 0) {
            colors_in_stock.insert(v.color_id);
            sizes_in_stock.insert(v.size);
        }
    }
    std::stable_sort(sizes.begin(), sizes.end(), [](auto& a, auto& b) { return store::size_rank(a) < store::size_rank(b); });
    // The first color offered is one that can be bought, so the form starts in a useful state.
    std::stable_partition(colors.begin(), colors.end(), [&](auto& c) { return colors_in_stock.count(c.first) > 0; });
    for (auto& [id, name] : colors) {
        auto* option = body.AddSectionDictionary(names::COLOR);
        option->SetIntValue(names::COLOR_ID, id);
        option->SetValue(names::COLOR_NAME, name);
        if (!colors_in_stock.count(id)) option->ShowSection(names::COLOR_SOLD_OUT);
    }
    for (auto& size : sizes) {
        auto* option = body.AddSectionDictionary(names::SIZE);
        option->SetValue(names::SIZE, size);
        if (!sizes_in_stock.count(size)) option->ShowSection(names::SIZE_SOLD_OUT);
    }
    if (colors_in_stock.empty()) body.ShowSection(names::SOLD_OUT);
    else body.ShowSection(names::CAN_BUY);
}

// Every photo, the first large and the others after it, each with its sizes in srcset; a
// product without photos shows its image_url (or the placeholder) as before.
void fill_photos(ctemplate::TemplateDictionary& body, const store::media_place& media, const store::product_detail& product) {
    if (product.photos.empty()) {
        body.ShowSection("NO_PHOTOS");
        return;
    }
    for (auto& photo : product.photos) {
        auto* shown = body.AddSectionDictionary("PHOTO");
        shown->SetValue("SRC", store::photo_src(media, photo));
        shown->SetValue("SRCSET", store::photo_srcset(media, photo));
        shown->SetValue(names::NAME, product.summary.name);
        shown->SetIntValue("NUMBER", photo.position + 1);
        // The box the browser reserves before the file arrives: 600 px wide at the photo's shape.
        shown->SetIntValue("WIDTH", 600);
        shown->SetIntValue("HEIGHT", photo.width > 0 ? 600 * photo.height / photo.width : 600);
        shown->ShowSection(photo.position == 0 ? "FIRST" : "LATER");
    }
}

http::response product_page(context& ctx, http::request& req) {
    visitor who(ctx, req);
    auto id = parse_id(req.path_params["id"]);
    auto product = store::find_product(ctx.database, ctx.caches, *id, who.open_order_id(), who.catalog_version());
    if (!product) return who.finish(not_found());
    view::page page("product.tpl", product->summary.name);
    who.fill_layout(page);
    auto& body = page.body();
    body.SetValue(names::CSRF_TOKEN, who.csrf_token());
    body.SetIntValue(names::ID, product->summary.id);
    body.SetValue(names::NAME, product->summary.name);
    body.SetValue(names::DESCRIPTION, product->description);
    body.SetValue(names::PRICE, format_brl(product->summary.price));
    body.SetIntValue(names::PRICE_CENTS, product->summary.price);
    body.SetValue(names::IMAGE_URL, image_or_placeholder(product->summary.image_url));
    fill_photos(body, store::media_of(ctx.settings), *product);
    if (req.param("error") == "size_required") body.ShowSection(names::SIZE_REQUIRED);
    fill_choices(body, *product);
    for (auto& v : product->variants) {
        auto* row = body.AddSectionDictionary(names::VARIANT);
        row->SetIntValue(names::COLOR_ID, v.color_id);
        row->SetValue(names::COLOR_NAME, v.color_name);
        row->SetValue(names::SIZE, v.size);
        row->SetIntValue(names::AVAILABLE, v.available);
        row->ShowSection(v.available > 0 ? names::IN_STOCK : names::OUT_OF_STOCK);
    }
    return who.finish(http::html(page.render()));
}

}  // namespace

void add_store_routes(http::router& routes, context& ctx) {
    routes.add("GET", "/", [](http::request&) { return http::redirect(302, "/store/"); });
    auto cards = std::make_shared<store_cards>(store::media_of(ctx.settings));
    routes.add("GET", "/store/", [&ctx, cards](http::request& req) { return catalog_page(ctx, *cards, req); });
    routes.add("GET", "/product/{id}/", [&ctx](http::request& req) { return product_page(ctx, req); });
}

}  // namespace reserva::web
