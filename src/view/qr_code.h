// A QR code (libqrencode) as an SVG image in a data: URI, for the second factor's enrolment
// page: the page's CSP allows data: images, and nothing is fetched from elsewhere.
#pragma once
#include <string>

namespace reserva::view {

// "data:image/svg+xml;base64,..." of `text` at error correction level M.
std::string qr_code_data_uri(const std::string& text);

}  // namespace reserva::view
