// Sends one message over SMTP with libcurl: a multipart/alternative body (text and HTML) built
// with curl's MIME API. No database, no retries: the outbox decides when to try again.
#pragma once
#include <string>

namespace reserva::mail {

struct message {
    std::string from;  // "Reserva <orders@example.com>"
    std::string to;
    std::string subject;
    std::string text;
    std::string html;
};

// "" when the server accepted it, else what went wrong.
std::string send_smtp(const std::string& smtp_url, const message& m);
// "Reserva <orders@example.com>" -> "<orders@example.com>"; a bare address gets brackets.
std::string envelope_address(const std::string& from);
// RFC 2047 encoded-word for a non-ASCII header value (UTF-8, base64).
std::string encode_header(const std::string& value);

}  // namespace reserva::mail
