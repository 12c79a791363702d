#include "store/catalog_cache.h"

#include <algorithm>

#include "db/statements.h"
#include "db/transaction.h"
#include "store/catalog.h"
#include "store/catalog_version.h"

namespace reserva::store {

const catalog_product* catalog_snapshot::product(std::int64_t id) const {
    auto found = products.find(id);
    return found == products.end() ? nullptr : &found->second;
}

catalog_snapshot::variant_of catalog_snapshot::variant(std::int64_t stock_id) const {
    auto found = by_stock_id.find(stock_id);
    return found == by_stock_id.end() ? variant_of{} : found->second;
}

namespace {

void read_catalog(db::connection& conn, catalog_snapshot& c) {
    auto version = db::query(conn, "SELECT version FROM catalog_version WHERE id = 1");
    c.version = version.next() ? version.int64(1) : 0;
    auto products = db::query(conn, "SELECT id, name, price_cents, image_url, description, active FROM product");
    while (products.next()) {
        catalog_product p;
        p.id = products.int64(1);
        p.name = products.text(2);
        p.price = products.int64(3);
        p.image_url = products.text(4);
        p.description = products.text(5);
        p.published = products.boolean(6);
        c.products.emplace(p.id, std::move(p));
    }
    auto variants = db::query(conn, "SELECT s.id, s.product_id, s.color_id, c.name, s.size FROM item_stock s JOIN color c ON c.id = s.color_id");
    while (variants.next()) {
        auto product = c.products.find(variants.int64(2));
        if (product == c.products.end()) continue;  // a foreign key makes this impossible; skip rather than crash
        product->second.variants.push_back({variants.int64(1), variants.int64(3), variants.text(4), variants.text(5)});
    }
    auto photos = db::query(conn, "SELECT product_id, id, position, name, width, height FROM product_photo ORDER BY product_id, position");
    while (photos.next()) {
        auto product = c.products.find(photos.int64(1));
        if (product == c.products.end()) continue;
        product->second.photos.push_back({photos.int64(2), photos.int32(3), photos.text(4), photos.int32(5), photos.int32(6)});
    }
}

// The lookups the pages use, built once the rows are in place (the pointers stay valid: the
// snapshot is never changed after this).
void index_catalog(catalog_snapshot& c) {
    for (auto& [id, p] : c.products) {
        std::sort(p.variants.begin(), p.variants.end(), [](const catalog_variant& a, const catalog_variant& b) {
            if (a.color_name != b.color_name) return a.color_name < b.color_name;
            if (size_rank(a.size) != size_rank(b.size)) return size_rank(a.size) < size_rank(b.size);
            return a.size < b.size;
        });
        if (p.published) c.published.push_back(&p);
        for (auto& v : p.variants) c.by_stock_id.emplace(v.stock_id, catalog_snapshot::variant_of{&p, &v});
    }
    std::sort(c.published.begin(), c.published.end(), [](auto* a, auto* b) { return a->id > b->id; });
}

}  // namespace

std::shared_ptr<const catalog_snapshot> load_catalog(db::pool& pool) {
    auto loaded = std::make_shared<catalog_snapshot>();
    db::with_connection(pool, [&](db::connection& conn) {
        *loaded = catalog_snapshot{};
        // One snapshot for the four reads, so the copy is the catalog exactly as at its version.
        db::execute(conn, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
        db::execute(conn, "START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
        try {
            read_catalog(conn, *loaded);
            db::execute(conn, "COMMIT");
        } catch (...) {
            db::detail::rollback_quietly(conn);
            throw;
        }
    });
    index_catalog(*loaded);
    return loaded;
}

std::shared_ptr<const catalog_snapshot> catalog_cache::held() {
    std::lock_guard<std::mutex> lock(held_mutex_);
    return held_;
}

std::shared_ptr<const catalog_snapshot> catalog_cache::at_least(db::pool& pool, std::int64_t version) {
    if (auto copy = held(); copy && copy->version >= version) return copy;
    std::lock_guard<std::mutex> loading(load_mutex_);
    // Another thread may have loaded it while this one waited.
    if (auto copy = held(); copy && copy->version >= version) return copy;
    auto loaded = load_catalog(pool);
    std::lock_guard<std::mutex> lock(held_mutex_);
    held_ = loaded;
    return loaded;
}

std::int64_t version_check::read(const std::function<std::int64_t()>& fetch) {
    std::unique_lock<std::mutex> lock(mutex_);
    // A read already on its way began before this request: only the next one will do.
    const std::uint64_t wanted = started_ + 1;
    while (finished_n_ < wanted) {
        if (in_flight_) {
            finished_.wait(lock);
            continue;
        }
        in_flight_ = true;
        const std::uint64_t mine = ++started_;
        lock.unlock();
        std::int64_t found = 0;
        try {
            found = fetch();
        } catch (...) {
            // Nothing finished: the next waiter tries its own read (and answers 503 if it fails too).
            lock.lock();
            in_flight_ = false;
            finished_.notify_all();
            throw;
        }
        lock.lock();
        in_flight_ = false;
        finished_n_ = mine;
        version_ = found;
        finished_.notify_all();
    }
    return version_;
}

std::shared_ptr<const catalog_snapshot> catalog_cache::current(db::pool& pool) {
    return at_least(pool, version_.read([&pool] { return catalog_version(pool); }));
}

bool availability_cache::fresh(std::int64_t product_id, std::chrono::steady_clock::time_point now, entry& out) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto found = entries_.find(product_id);
    if (found == entries_.end() || now - found->second.read_at >= availability_max_age) return false;
    out = found->second;
    return true;
}

void availability_cache::keep(std::int64_t product_id, entry e) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto& kept = entries_[product_id];
    if (e.read_at >= kept.read_at) kept = std::move(e);
}

}  // namespace reserva::store
