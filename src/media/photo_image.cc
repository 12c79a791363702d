#include "media/photo_image.h"

#include <vips/vips.h>

#include <algorithm>
#include <memory>
#include <mutex>

namespace reserva::media {
namespace {

struct unref_image {
    void operator()(VipsImage* image) const { g_object_unref(image); }
};
using image_ptr = std::unique_ptr<VipsImage, unref_image>;

std::mutex one_photo_at_a_time;

// libvips' own message is for the log, not for the shop owner; what went wrong is named here.
[[noreturn]] void refuse(int status, const std::string& message) {
    vips_error_clear();
    throw photo_rejected(status, message);
}

const std::string unreadable = "the file is not a JPEG, PNG or WebP picture that can be read";

void check_kind(std::string_view upload) {
    const char* loader = vips_foreign_find_load_buffer(upload.data(), upload.size());
    if (!loader) refuse(400, unreadable);
    static const std::string allowed[] = {"VipsForeignLoadJpegBuffer", "VipsForeignLoadPngBuffer",
                                          "VipsForeignLoadWebpBuffer"};
    if (std::find(std::begin(allowed), std::end(allowed), loader) == std::end(allowed))
        refuse(400, "only JPEG, PNG and WebP pictures are taken");
}

// Reads the header only: libvips decodes pixels when they are first asked for.
void check_dimensions(std::string_view upload) {
    image_ptr header(vips_image_new_from_buffer(upload.data(), upload.size(), "", "fail_on", VIPS_FAIL_ON_ERROR, nullptr));
    if (!header) refuse(400, unreadable);
    std::int64_t width = vips_image_get_width(header.get()), height = vips_image_get_height(header.get());
    if (width < 1 || height < 1) refuse(400, unreadable);
    if (width > max_side || height > max_side || width * height > max_pixels)
        refuse(413, "the picture is " + std::to_string(width) + " x " + std::to_string(height) +
                        " pixels; at most 40 megapixels and 20,000 pixels a side are taken");
}

// The largest size, decoded in full now (so a damaged file fails here, not half-written).
image_ptr decode_largest(std::string_view upload) {
    VipsImage* out = nullptr;
    // thumbnail_buffer shrinks while it loads (JPEG, WebP) and turns the picture upright.
    if (vips_thumbnail_buffer(const_cast<char*>(upload.data()), upload.size(), &out, shop_widths[2], "height", max_side,
                              "size", VIPS_SIZE_DOWN, "option_string", "fail_on=error", nullptr))
        refuse(400, unreadable);
    image_ptr image(out);
    if (vips_image_hasalpha(image.get())) {
        VipsArrayDouble* white = vips_array_double_newv(1, 255.0);
        VipsImage* flat = nullptr;
        int failed = vips_flatten(image.get(), &flat, "background", white, nullptr);
        vips_area_unref(VIPS_AREA(white));
        if (failed) refuse(400, unreadable);
        image.reset(flat);
    }
    if (vips_image_get_interpretation(image.get()) != VIPS_INTERPRETATION_sRGB &&
        vips_image_get_interpretation(image.get()) != VIPS_INTERPRETATION_B_W) {
        VipsImage* srgb = nullptr;
        if (vips_colourspace(image.get(), &srgb, VIPS_INTERPRETATION_sRGB, nullptr)) refuse(400, unreadable);
        image.reset(srgb);
    }
    VipsImage* in_memory = vips_image_copy_memory(image.get());
    if (!in_memory) refuse(400, unreadable);
    return image_ptr(in_memory);
}

std::string encode_jpeg(VipsImage* image) {
    void* buffer = nullptr;
    std::size_t length = 0;
    if (vips_jpegsave_buffer(image, &buffer, &length, "Q", 82, "strip", TRUE, "optimize_coding", TRUE, "interlace", TRUE,
                             nullptr))
        refuse(400, unreadable);
    std::string jpeg(static_cast<const char*>(buffer), length);
    g_free(buffer);
    return jpeg;
}

}  // namespace

std::vector<int> photo_widths(int largest_width) {
    std::vector<int> widths;
    for (int w : shop_widths)
        if (w < largest_width) widths.push_back(w);
    widths.push_back(std::min(largest_width, shop_widths[2]));
    return widths;
}

void init_image_library() {
    static std::once_flag started;
    std::call_once(started, [] {
        if (VIPS_INIT("reserva")) throw std::runtime_error("libvips would not start");
        vips_block_untrusted_set(TRUE);
        vips_concurrency_set(2);
        vips_cache_set_max(0);
        vips_cache_set_max_mem(0);
        vips_cache_set_max_files(0);
    });
}

encoded_photo prepare_photo(std::string_view upload) {
    if (upload.size() > max_upload_bytes) throw photo_rejected(413, "the file is larger than 10 MiB");
    if (upload.empty()) throw photo_rejected(400, "the file is empty");
    init_image_library();
    std::lock_guard<std::mutex> lock(one_photo_at_a_time);
    check_kind(upload);
    check_dimensions(upload);
    image_ptr largest = decode_largest(upload);
    encoded_photo photo;
    photo.width = vips_image_get_width(largest.get());
    photo.height = vips_image_get_height(largest.get());
    for (int width : photo_widths(photo.width)) {
        if (width == photo.width) {
            photo.sizes.push_back({width, encode_jpeg(largest.get())});
            continue;
        }
        VipsImage* out = nullptr;
        if (vips_resize(largest.get(), &out, static_cast<double>(width) / photo.width, nullptr)) refuse(400, unreadable);
        image_ptr smaller(out);
        photo.sizes.push_back({width, encode_jpeg(smaller.get())});
    }
    return photo;
}

}  // namespace reserva::media
