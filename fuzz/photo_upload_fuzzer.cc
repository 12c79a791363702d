// media::prepare_photo (an owner's photo upload, SPEC section 8) on arbitrary bytes: only
// photo_rejected (400 or 413) may come out of it; what it accepts is one JPEG per shop width
// (photo_widths of its size, at most 1200 wide), each with no metadata segment left (no APP1:
// EXIF or XMP; no APP13: IPTC), and the header's pixels were within the limit.
#include <string>

#include "fuzz_common.h"
#include "media/photo_image.h"

using namespace reserva;

namespace {

// The marker segments before the image data of a JPEG.
bool has_metadata(const std::string& jpeg) {
    std::size_t i = 2;
    while (i + 4 <= jpeg.size() && static_cast<unsigned char>(jpeg[i]) == 0xFF) {
        unsigned char marker = static_cast<unsigned char>(jpeg[i + 1]);
        if (marker == 0xDA) return false;  // start of scan: the headers are over
        if (marker == 0xE1 || marker == 0xED) return true;
        std::size_t length = (static_cast<unsigned char>(jpeg[i + 2]) << 8) | static_cast<unsigned char>(jpeg[i + 3]);
        i += 2 + length;
    }
    return false;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    media::init_image_library();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    media::encoded_photo photo;
    try {
        photo = media::prepare_photo(reserva::fuzzing::as_view(data, size));
    } catch (const media::photo_rejected& e) {
        FUZZ_CHECK(e.status == 400 || e.status == 413);
        FUZZ_CHECK(std::string(e.what()).size() > 0);
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "unexpected exception from prepare_photo: %s\n", e.what());
        FUZZ_CHECK(!"prepare_photo threw something other than photo_rejected");
    }
    FUZZ_CHECK(photo.width >= 1 && photo.width <= 1200 && photo.height >= 1);
    auto widths = media::photo_widths(photo.width);
    FUZZ_CHECK(photo.sizes.size() == widths.size());
    for (std::size_t i = 0; i < widths.size(); ++i) {
        FUZZ_CHECK(photo.sizes[i].width == widths[i]);
        auto& jpeg = photo.sizes[i].jpeg;
        FUZZ_CHECK(jpeg.size() > 4 && static_cast<unsigned char>(jpeg[0]) == 0xFF && static_cast<unsigned char>(jpeg[1]) == 0xD8);
        FUZZ_CHECK(!has_metadata(jpeg));
    }
    return 0;
}
