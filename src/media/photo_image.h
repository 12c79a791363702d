// An uploaded product photo made fit for the shop, with libvips: only JPEG, PNG and WebP are
// read (libvips' other loaders, SVG and PDF among them, never see an upload); the header's
// width x height is checked before any pixel is decoded (a 50-byte PNG can claim 4 gigapixels);
// the picture is turned upright by its EXIF orientation, flattened onto white, resized to each
// width the shop shows and encoded as JPEG with every piece of metadata stripped (no camera,
// no GPS). No files, no database: store/photos.h keeps what this returns.
#pragma once
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace reserva::media {

inline constexpr std::size_t max_upload_bytes = 10 * 1024 * 1024;
inline constexpr std::int64_t max_pixels = 40'000'000;  // a 7,700 x 5,200 camera picture fits
inline constexpr int max_side = 20000;
// The widths the shop's pages ask for: a 400 px card or 600 px product picture on screens of
// one, two and three device pixels per CSS pixel.
inline constexpr int shop_widths[] = {400, 800, 1200};

// The upload cannot be a photo: status 400 (not an image of a kind we read) or 413 (too many
// bytes or pixels); what() says which, in words for the person who sent it.
class photo_rejected : public std::runtime_error {
public:
    photo_rejected(int status, const std::string& message) : std::runtime_error(message), status(status) {}
    int status;
};

struct encoded_photo {
    int width = 0, height = 0;  // of the largest JPEG
    struct size {
        int width;
        std::string jpeg;
    };
    std::vector<size> sizes;  // one per photo_widths(width), in that order
};

// The shop widths below the photo's own, and the photo's own width (at most 1200).
std::vector<int> photo_widths(int largest_width);

// Once per process, before the first photo (thread-safe; photo preparation calls it too):
// starts libvips with its operation cache off, at most two worker threads per operation and
// its untrusted loaders blocked, so photos cannot eat the store's memory.
void init_image_library();

// Throws photo_rejected. One photo at a time per process (the others wait): a 40-megapixel
// PNG can take a few hundred megabytes while it is being resized.
encoded_photo prepare_photo(std::string_view upload);

}  // namespace reserva::media
