#include "view/qr_code.h"

#include <openssl/evp.h>
#include <qrencode.h>

#include <memory>
#include <stdexcept>
#include <vector>

namespace reserva::view {
namespace {

constexpr int quiet_zone = 4;  // modules of white around the code, as the standard asks

std::string svg_of(const QRcode& code) {
    int size = code.width + 2 * quiet_zone;
    std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + std::to_string(size) + " " +
                      std::to_string(size) + "\" shape-rendering=\"crispEdges\"><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/><path fill=\"#000\" d=\"";
    for (int y = 0; y < code.width; ++y)
        for (int x = 0; x < code.width; ++x)
            if (code.data[y * code.width + x] & 1)  // bit 0: a dark module
                svg += "M" + std::to_string(x + quiet_zone) + " " + std::to_string(y + quiet_zone) + "h1v1h-1z";
    svg += "\"/></svg>";
    return svg;
}

std::string base64(const std::string& bytes) {
    std::vector<unsigned char> out(4 * ((bytes.size() + 2) / 3) + 1);
    int n = EVP_EncodeBlock(out.data(), reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
    return std::string(reinterpret_cast<char*>(out.data()), static_cast<std::size_t>(n));
}

}  // namespace

std::string qr_code_data_uri(const std::string& text) {
    std::unique_ptr<QRcode, void (*)(QRcode*)> code(QRcode_encodeString(text.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1),
                                                    QRcode_free);
    if (!code) throw std::runtime_error("the QR code could not be made");
    return "data:image/svg+xml;base64," + base64(svg_of(*code));
}

}  // namespace reserva::view
