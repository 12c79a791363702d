#include "store/catalog.h"

#include <algorithm>

#include "db/statements.h"
#include "db/transaction.h"
#include "store/holds.h"

namespace reserva::store {

int size_rank(const std::string& size) {
    static const char* const order[] = {"PP", "P", "M", "G", "GG", "XG", "XGG", "XS", "S", "L", "XL", "XXL"};
    for (int i = 0; i < static_cast<int>(std::size(order)); ++i)
        if (size == order[i]) return i;
    return 100;  // numeric and other sizes after the letter sizes, then by text
}

namespace {

product_summary summary_of(const catalog_product& p) {
    product_summary s{p.id, p.name, p.price, p.image_url, std::nullopt};
    if (!p.photos.empty()) s.cover = p.photos.front();
    return s;
}

// One statement: the catalog's version and what each of the product's variants has available,
// from the hold counts on the stock rows (store/holds.h).
std::int64_t read_availability(db::pool& pool, std::int64_t product_id, std::int64_t viewer_order_id,
                               availability_cache::entry& out) {
    return db::with_connection(pool, [&](db::connection& conn) {
        auto statement = [](const std::string& own) {
            return "SELECT cv.version, s.id, " + holds::counted_columns(own) +
                   "  FROM catalog_version cv LEFT JOIN item_stock s ON s.product_id = ?" + holds::own_join(own) +
                   " WHERE cv.id = 1";
        };
        // A visitor without an order (most) gets the statement without the own-hold join.
        static const std::string for_visitor = statement(""), for_order = statement("?");
        auto rows = viewer_order_id ? db::query(conn, for_order, product_id, viewer_order_id)
                                    : db::query(conn, for_visitor, product_id);
        std::int64_t version = 0;
        out.available.clear();
        while (rows.next()) {
            version = rows.int64(1);
            if (rows.is_null(2)) continue;  // a product without variants
            std::int64_t stock_id = rows.int64(2);
            out.available[stock_id] = holds::available(conn, rows.int32(3), rows.boolean(4), stock_id, viewer_order_id);
        }
        return version;
    });
}

}  // namespace

product_list list_products(db::pool& pool, catalog_cache& cache, int page, std::int64_t known_version) {
    auto catalog = known_version ? cache.at_least(pool, known_version) : cache.current(pool);
    product_list list;
    list.catalog = catalog;
    int count = static_cast<int>(catalog->published.size());
    list.page = page;
    list.pages = std::max(1, (count + products_per_page - 1) / products_per_page);
    if (page < 1 || page > list.pages) return list;
    auto first = catalog->published.begin() + (page - 1) * products_per_page;
    auto last = first + std::min(products_per_page, count - (page - 1) * products_per_page);
    list.products.assign(first, last);
    return list;
}

std::optional<product_detail> find_product(db::pool& pool, shop_caches& caches, std::int64_t id,
                                           std::int64_t viewer_order_id, std::int64_t known_version) {
    availability_cache::entry stock;
    auto now = std::chrono::steady_clock::now();
    std::int64_t version = known_version;
    // A shopper with an order of its own reads live: its own holds count for it, and it is the
    // shopper about to pay.
    bool read_now = viewer_order_id || !caches.availability.fresh(id, now, stock);
    if (read_now) {
        stock.read_at = now;
        version = std::max(version, read_availability(pool, id, viewer_order_id, stock));
    }
    auto catalog = version ? caches.catalog.at_least(pool, version) : caches.catalog.current(pool);
    auto* product = catalog->product(id);
    if (!product || !product->published) return std::nullopt;
    // Kept only for a product the catalog has: ids that name nothing never grow the cache.
    if (read_now && !viewer_order_id) caches.availability.keep(id, stock);
    product_detail detail;
    detail.summary = summary_of(*product);
    detail.description = product->description;
    detail.photos = product->photos;
    for (auto& v : product->variants) {
        auto found = stock.available.find(v.stock_id);
        // A variant newer than the availability read (a copy loaded since) shows as sold out until
        // the next read, at most availability_max_age later.
        detail.variants.push_back({v.stock_id, v.color_id, v.color_name, v.size, found == stock.available.end() ? 0 : found->second});
    }
    return detail;
}

}  // namespace reserva::store
