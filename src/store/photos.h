// A product's photos: the files under [media] dir (made by media/photo_image.h, named at random
// so that two uploads never collide and no part of a path comes from the upload) and their rows
// in product_photo, in the order the shop shows them. The first is the product's picture on the
// store page, in carts and in orders (product.image_url follows it).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "db/pool.h"
#include "store/audit.h"
#include "util/config.h"

namespace reserva::store {

struct product_photo {
    std::int64_t id = 0;
    int position = 0;  // 0 first
    std::string name;  // 32 hex digits
    int width = 0, height = 0;
};

// Where the files go and where the web server shows them ([media] dir and url).
struct media_place {
    std::string dir;
    std::string url;  // ends in '/'
};
inline media_place media_of(const config& settings) { return {settings.media_dir, settings.media_url}; }

std::string photo_file_name(const product_photo& photo, int width);
// The picture for a card or a cart line (the smallest width), and srcset's "URL 400w, ...".
std::string photo_url(const media_place& media, const product_photo& photo, int width);
std::string photo_src(const media_place& media, const product_photo& photo);
std::string photo_srcset(const media_place& media, const product_photo& photo);

std::vector<product_photo> product_photos(db::connection& conn, std::int64_t product_id);
std::vector<product_photo> product_photos(db::pool& pool, std::int64_t product_id);

// Each change writes one audit row when `by` is given (the back office).
// Checks, resizes and stores the upload as the product's last photo; returns its id. Throws
// media::photo_rejected (nothing stored), invalid_request for an unknown product, or
// std::runtime_error when the media folder cannot be written (nothing is left in it).
std::int64_t add_photo(db::pool& pool, const media_place& media, std::int64_t product_id, std::string_view upload,
                       const actor* by = nullptr);
// Throws invalid_request when the product has no such photo. The files go after the commit.
void delete_photo(db::pool& pool, const media_place& media, std::int64_t product_id, std::int64_t photo_id,
                  const actor* by = nullptr);
// photo_ids: every photo of the product once, in the new order; anything else is refused.
void reorder_photos(db::pool& pool, const media_place& media, std::int64_t product_id,
                    const std::vector<std::int64_t>& photo_ids, const actor* by = nullptr);

}  // namespace reserva::store
