// The catalog as every shop page reads it: a copy in this process of what rarely changes
// (products, prices, published state, colors, variants' identity, photos), trusted only at the
// version of the database's catalog_version row (sql/010) or newer. Every catalog write bumps
// that version in its own transaction (store/catalog_version.h), and every shop page reads the
// version in the one statement it runs anyway (or, for a visitor without cookies, by one
// primary-key read), so a page never shows a catalog older than the last commit it could see.
//
// Stock is not in the copy: what is available is read live wherever it decides something (add to
// cart, the cart and its clamp, checkout, finalize). The product page alone may show what was
// available up to availability_max_age ago (availability_cache below): it decides nothing, and
// add to cart re-reads it under a lock.
#pragma once
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "db/pool.h"
#include "store/photos.h"
#include "util/money.h"

namespace reserva::store {

struct catalog_variant {
    std::int64_t stock_id = 0;
    std::int64_t color_id = 0;
    std::string color_name;
    std::string size;
};

struct catalog_product {
    std::int64_t id = 0;
    std::string name;
    std::string description;
    std::string image_url;
    cents price = 0;
    bool published = false;
    std::vector<catalog_variant> variants;  // by color name, then size (size_rank)
    std::vector<product_photo> photos;      // in the owner's order
};

struct catalog_snapshot {
    std::int64_t version = 0;
    std::unordered_map<std::int64_t, catalog_product> products;  // hidden ones too (carts hold them)
    std::vector<const catalog_product*> published;               // newest first
    struct variant_of {
        const catalog_product* product = nullptr;
        const catalog_variant* variant = nullptr;
    };
    std::unordered_map<std::int64_t, variant_of> by_stock_id;

    const catalog_product* product(std::int64_t id) const;
    variant_of variant(std::int64_t stock_id) const;  // {nullptr, nullptr} when unknown
};

// How old the availability a product page shows may be (availability_cache).
inline constexpr std::chrono::milliseconds availability_max_age{200};

// The catalog's version for pages whose visitor ran no statement of their own (no cookies): one
// primary-key read, shared by the requests that arrive while it is on its way. A request is only
// ever answered with a read that began after it arrived, so sharing never makes a page staler
// than its own read would have been; under load one read serves many pages.
class version_check {
public:
    // fetch: the read itself (store::catalog_version); run by one waiting thread at a time.
    std::int64_t read(const std::function<std::int64_t()>& fetch);

private:
    std::mutex mutex_;
    std::condition_variable finished_;
    std::uint64_t started_ = 0;   // reads begun
    std::uint64_t finished_n_ = 0;  // the last read that finished (reads finish in order: one at a time)
    bool in_flight_ = false;
    std::int64_t version_ = 0;    // what read finished_n_ found
};

class catalog_cache {
public:
    // The copy at `version` or newer: the one held when it is new enough, else loaded again from
    // the database (one thread loads, the others wanting that version wait for it).
    std::shared_ptr<const catalog_snapshot> at_least(db::pool& pool, std::int64_t version);
    // The same after reading the version itself (one primary-key read): for a page whose visitor
    // brought no cookie, so ran no statement the version could ride on.
    std::shared_ptr<const catalog_snapshot> current(db::pool& pool);

private:
    std::shared_ptr<const catalog_snapshot> held();
    version_check version_;
    std::mutex held_mutex_;  // guards held_ (a copy of the pointer is all a reader takes)
    std::shared_ptr<const catalog_snapshot> held_;
    std::mutex load_mutex_;  // one load at a time
};

// Loads the whole catalog in one consistent snapshot (REPEATABLE READ), with the version it is at.
std::shared_ptr<const catalog_snapshot> load_catalog(db::pool& pool);

// What each variant of a product had available when last read, for the product page of a visitor
// without an order of its own (whose holds would count for it): kept availability_max_age.
class availability_cache {
public:
    struct entry {
        std::chrono::steady_clock::time_point read_at;
        std::map<std::int64_t, int> available;  // by stock id
    };
    // The product's entry while it is younger than availability_max_age.
    bool fresh(std::int64_t product_id, std::chrono::steady_clock::time_point now, entry& out);
    void keep(std::int64_t product_id, entry e);

private:
    std::mutex mutex_;
    std::unordered_map<std::int64_t, entry> entries_;
};

}  // namespace reserva::store
