// One HTTPS (or HTTP) call with libcurl: bounded connect and total time, no redirects followed.
#pragma once
#include <string>
#include <utility>
#include <vector>

namespace reserva::payments {

struct http_result {
    bool reached = false;   // false: no answer at all (refused, DNS, timeout); error says why
    long status = 0;
    std::string body;
    std::string error;
};

struct http_call {
    std::string method = "GET";
    std::string url;
    std::vector<std::string> headers;  // "Name: value"
    std::string body;
    long connect_timeout_ms = 3000;
    long total_timeout_ms = 8000;
};

http_result perform(const http_call& call);
// curl_global_init, once per process, before any thread starts.
void init_http();

}  // namespace reserva::payments
