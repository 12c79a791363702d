#include "payments/http_client.h"

#include <curl/curl.h>

#include <memory>

namespace reserva::payments {
namespace {

size_t collect(char* data, size_t size, size_t count, void* target) {
    static_cast<std::string*>(target)->append(data, size * count);
    return size * count;
}

struct curl_deleter {
    void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
    void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

}  // namespace

void init_http() { curl_global_init(CURL_GLOBAL_DEFAULT); }

http_result perform(const http_call& call) {
    http_result result;
    std::unique_ptr<CURL, curl_deleter> handle(curl_easy_init());
    if (!handle) {
        result.error = "curl_easy_init failed";
        return result;
    }
    std::unique_ptr<curl_slist, curl_deleter> headers;
    for (auto& h : call.headers) headers.reset(curl_slist_append(headers.release(), h.c_str()));
    CURL* h = handle.get();
    curl_easy_setopt(h, CURLOPT_URL, call.url.c_str());
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, call.method.c_str());
    if (call.method != "GET") {
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, call.body.c_str());
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, static_cast<long>(call.body.size()));
    }
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, call.connect_timeout_ms);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, call.total_timeout_ms);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);  // threads: no SIGALRM-based DNS timeouts
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &result.body);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    CURLcode code = curl_easy_perform(h);
    if (code != CURLE_OK) {
        result.error = curl_easy_strerror(code);
        return result;
    }
    result.reached = true;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &result.status);
    return result;
}

}  // namespace reserva::payments
