#include "web/store_cards.h"

#include "util/money.h"
#include "view/names.h"
#include "view/page.h"
#include "web/cart_view.h"

namespace reserva::web {

namespace names = view::names;

std::string render_store_card(const store::media_place& media, const store::catalog_product& product) {
    ctemplate::TemplateDictionary card("card");
    card.SetIntValue(names::ID, product.id);
    card.SetValue(names::NAME, product.name);
    card.SetValue(names::PRICE, format_brl(product.price));
    card.SetIntValue(names::PRICE_CENTS, product.price);
    card.SetValue(names::IMAGE_URL, image_or_placeholder(product.image_url));
    if (!product.photos.empty()) {
        card.SetValue(names::IMAGE_URL, store::photo_src(media, product.photos.front()));
        card.SetValueAndShowSection("SRCSET", store::photo_srcset(media, product.photos.front()), "HAS_SRCSET");
    }
    std::string html = view::render_template("store_card.tpl", card);
    html.shrink_to_fit();  // kept for every product: not the page-sized buffer it was rendered into
    return html;
}

std::shared_ptr<const store_cards::set> store_cards::of(const store::catalog_snapshot& catalog) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (current_ && current_->version >= catalog.version) return current_;
    // Rendered while holding the lock: the pages of the new version wait for this one pass
    // (about 3 ms for 2,000 products) instead of each rendering the same cards.
    auto fresh = std::make_shared<set>();
    fresh->version = catalog.version;
    for (auto* product : catalog.published) fresh->cards.emplace(product->id, render_store_card(media_, *product));
    current_ = fresh;
    return current_;
}

}  // namespace reserva::web
