// Maps "METHOD /path/{param}/" to a handler. A {name} segment matches one path segment;
// {id} matches a positive decimal id only, so "/product/abc/" is simply not found (404).
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "http/request.h"
#include "http/response.h"

namespace reserva::http {

using handler = std::function<response(request&)>;

class router {
public:
    void add(const std::string& method, const std::string& pattern, handler h);

    enum class outcome { found, not_found, method_not_allowed };
    struct match {
        outcome result = outcome::not_found;
        const handler* target = nullptr;
        std::string allowed;  // for 405: the methods the path does take, for the Allow header
    };
    // Fills req.path_params on success.
    match find(request& req) const;

private:
    struct route {
        std::string method;
        std::vector<std::string> segments;
        handler target;
    };
    std::vector<route> routes_;
};

}  // namespace reserva::http
