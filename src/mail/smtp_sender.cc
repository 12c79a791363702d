#include "mail/smtp_sender.h"

#include <curl/curl.h>
#include <openssl/evp.h>

#include <memory>
#include <vector>

namespace reserva::mail {
namespace {

struct curl_deleter {
    void operator()(CURL* h) const { curl_easy_cleanup(h); }
    void operator()(curl_slist* l) const { curl_slist_free_all(l); }
    void operator()(curl_mime* m) const { curl_mime_free(m); }
};

bool is_ascii(const std::string& text) {
    for (unsigned char c : text)
        if (c >= 0x80 || c == '\r' || c == '\n') return false;
    return true;
}

// Header values never carry line breaks: a recipient or subject cannot add headers.
std::string single_line(const std::string& value) {
    std::string out;
    for (char c : value) out += (c == '\r' || c == '\n') ? ' ' : c;
    return out;
}

}  // namespace

std::string envelope_address(const std::string& from) {
    auto open = from.find('<');
    auto close = from.find('>', open == std::string::npos ? 0 : open);
    if (open != std::string::npos && close != std::string::npos) return from.substr(open, close - open + 1);
    return "<" + from + ">";
}

std::string encode_header(const std::string& value) {
    std::string clean = single_line(value);
    if (is_ascii(clean)) return clean;
    std::vector<unsigned char> out(4 * ((clean.size() + 2) / 3) + 1);
    int length = EVP_EncodeBlock(out.data(), reinterpret_cast<const unsigned char*>(clean.data()), static_cast<int>(clean.size()));
    return "=?UTF-8?B?" + std::string(reinterpret_cast<char*>(out.data()), static_cast<std::size_t>(length)) + "?=";
}

std::string send_smtp(const std::string& smtp_url, const message& m) {
    std::unique_ptr<CURL, curl_deleter> handle(curl_easy_init());
    if (!handle) return "curl_easy_init failed";
    CURL* h = handle.get();
    std::unique_ptr<curl_slist, curl_deleter> recipients(curl_slist_append(nullptr, envelope_address(m.to).c_str()));
    std::unique_ptr<curl_slist, curl_deleter> headers;
    for (auto line : {"From: " + single_line(m.from), "To: " + single_line(m.to), "Subject: " + encode_header(m.subject),
                      std::string("MIME-Version: 1.0")})
        headers.reset(curl_slist_append(headers.release(), line.c_str()));

    // multipart/alternative inside the message: plain text first, HTML preferred by mail readers.
    std::unique_ptr<curl_mime, curl_deleter> mime(curl_mime_init(h));
    curl_mime* alternative = curl_mime_init(h);
    curl_mimepart* text = curl_mime_addpart(alternative);
    curl_mime_data(text, m.text.c_str(), CURL_ZERO_TERMINATED);
    curl_mime_type(text, "text/plain; charset=utf-8");
    curl_mime_encoder(text, "quoted-printable");
    curl_mimepart* html = curl_mime_addpart(alternative);
    curl_mime_data(html, m.html.c_str(), CURL_ZERO_TERMINATED);
    curl_mime_type(html, "text/html; charset=utf-8");
    curl_mime_encoder(html, "quoted-printable");
    curl_mimepart* body = curl_mime_addpart(mime.get());
    curl_mime_subparts(body, alternative);  // the message now owns `alternative`
    curl_mime_type(body, "multipart/alternative");

    curl_easy_setopt(h, CURLOPT_URL, smtp_url.c_str());
    curl_easy_setopt(h, CURLOPT_MAIL_FROM, envelope_address(m.from).c_str());
    curl_easy_setopt(h, CURLOPT_MAIL_RCPT, recipients.get());
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(h, CURLOPT_MIMEPOST, mime.get());
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, 3000L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 15000L);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    CURLcode code = curl_easy_perform(h);
    return code == CURLE_OK ? "" : curl_easy_strerror(code);
}

}  // namespace reserva::mail
