#include "http/fcgx_input.h"

namespace reserva::http {

size_t fcgx_input::read(char* data, size_t length) {
    size_t total = 0;
    while (total < length) {
        int n = FCGX_GetStr(data + total, static_cast<int>(length - total), request_.in);
        if (n <= 0) break;  // the client sent less than it announced: cgicc gets what there is
        total += static_cast<size_t>(n);
    }
    return total;
}

std::string fcgx_input::getenv(const char* name) {
    const char* value = FCGX_GetParam(name, request_.envp);
    return value ? value : "";
}

}  // namespace reserva::http
