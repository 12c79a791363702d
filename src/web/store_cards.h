// The store page's product cards, rendered once per catalog version (store_card.tpl, auto-escaped
// like every template) and reused by every page until the catalog changes: a card says nothing
// about the shopper, only about its product. A 24-card page then costs little more than a
// 6-card page (docs/PERFORMANCE.md, issue 20).
#pragma once
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "store/catalog_cache.h"
#include "store/photos.h"

namespace reserva::web {

// One card, as store_card.tpl renders it.
std::string render_store_card(const store::media_place& media, const store::catalog_product& product);

class store_cards {
public:
    struct set {
        std::int64_t version = 0;
        std::unordered_map<std::int64_t, std::string> cards;  // by product id, the published ones
    };
    explicit store_cards(store::media_place media) : media_(std::move(media)) {}
    // The cards of `catalog`'s version or a newer one (never older: a page shows no card staler
    // than its catalog copy). The first page of a new version renders them all, once.
    std::shared_ptr<const set> of(const store::catalog_snapshot& catalog);
    const store::media_place& media() const { return media_; }

private:
    store::media_place media_;
    std::mutex mutex_;
    std::shared_ptr<const set> current_;
};

}  // namespace reserva::web
