// The router against hostile paths, checked against a plain re-statement of its rules.
//
// Input: "METHOD\nREQUEST_URI" (the URI as nginx passes it, query included).
#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "fuzz_common.h"
#include "http/request.h"
#include "http/router.h"

using namespace reserva;

namespace {

struct route_spec {
    const char* method;
    const char* pattern;
};

// The store's routes (src/web/*_pages.cc), in the order the application adds them.
const std::vector<route_spec>& specs() {
    static const std::vector<route_spec> table = {
        {"GET", "/register/"},         {"POST", "/register/"},           {"GET", "/login/"},
        {"POST", "/login/"},           {"POST", "/logout/"},             {"GET", "/my_orders/"},
        {"GET", "/addresses/"},        {"POST", "/addresses/"},          {"GET", "/finalize_payment/"},
        {"POST", "/payments/webhook"}, {"GET", "/order_approved/{id}/"}, {"POST", "/add_to_cart/{id}/"},
        {"POST", "/remove_from_cart/{id}/"}, {"GET", "/cart/"},          {"GET", "/checkout/"},
        {"POST", "/checkout/"},        {"GET", "/"},                     {"GET", "/store/"},
        {"GET", "/product/{id}/"},     {"GET", "/product/{id}/{size}/"},  // a made-up one: two params
    };
    return table;
}

const http::router& the_router() {
    static const http::router r = [] {
        http::router built;
        for (std::size_t i = 0; i < specs().size(); ++i) {
            built.add(specs()[i].method, specs()[i].pattern, [i](http::request&) {
                http::response out;
                out.body = std::to_string(i);
                return out;
            });
        }
        return built;
    }();
    return r;
}

std::vector<std::string> pieces(const std::string& path) {
    std::vector<std::string> out;
    std::string current;
    for (char c : path) {
        if (c == '/') {
            out.push_back(current);
            current.clear();
        } else {
            current += c;
        }
    }
    out.push_back(current);
    return out;
}

// {id}: plain digits (at most 18 of them), 1..2^53.
bool is_id(const std::string& s) {
    if (!reserva::fuzzing::is_digits(s) || s.size() > 18) return false;
    unsigned long long v = std::stoull(s);
    return v >= 1 && v <= (1ULL << 53);
}

bool matches(const std::string& pattern, const std::string& path, std::map<std::string, std::string>& params) {
    auto want = pieces(pattern), got = pieces(path);
    if (want.size() != got.size()) return false;
    for (std::size_t i = 0; i < want.size(); ++i) {
        const auto& w = want[i];
        if (w.size() > 2 && w.front() == '{' && w.back() == '}') {
            std::string name = w.substr(1, w.size() - 2);
            if (got[i].empty() || (name == "id" && !is_id(got[i]))) return false;
            params[name] = got[i];
        } else if (w != got[i]) {
            return false;
        }
    }
    return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto parts = reserva::fuzzing::lines(reserva::fuzzing::as_view(data, size), 3);
    std::string method = reserva::fuzzing::c_string(parts[0]);
    std::string uri = reserva::fuzzing::c_string(parts.size() > 1 ? parts[1] : "/");
    reserva::fuzzing::cgi_input input({{"REQUEST_METHOD", method}, {"REQUEST_URI", uri}}, "");
    std::optional<http::request> req;
    try {
        req.emplace(input);
    } catch (const http::bad_request&) {
        return 0;  // not a path: the server answers 400 before routing
    }

    // What the rules say: the first route whose path and method fit wins (HEAD may use GET);
    // a path that fits only other methods is a 405 naming them.
    int expected = -1;
    std::map<std::string, std::string> expected_params;
    std::vector<std::string> allowed;
    for (std::size_t i = 0; i < specs().size() && expected < 0; ++i) {
        std::map<std::string, std::string> params;
        if (!matches(specs()[i].pattern, req->path(), params)) continue;
        std::string m = specs()[i].method;
        if (m == method || (method == "HEAD" && m == "GET")) {
            expected = static_cast<int>(i);
            expected_params = params;
        } else if (std::find(allowed.begin(), allowed.end(), m) == allowed.end()) {
            allowed.push_back(m);
        }
    }

    auto found = the_router().find(*req);
    if (expected >= 0) {
        FUZZ_CHECK(found.result == http::router::outcome::found);
        FUZZ_CHECK(found.target != nullptr);
        FUZZ_CHECK((*found.target)(*req).body == std::to_string(expected));
        FUZZ_CHECK(req->path_params == expected_params);
        for (auto& [name, value] : req->path_params) {
            FUZZ_CHECK(!value.empty() && value.find('/') == std::string::npos);
            if (name == "id") FUZZ_CHECK(is_id(value));
        }
    } else if (!allowed.empty()) {
        FUZZ_CHECK(found.result == http::router::outcome::method_not_allowed);
        FUZZ_CHECK(found.target == nullptr);
        std::string joined;
        for (auto& m : allowed) joined += (joined.empty() ? "" : ", ") + m;
        FUZZ_CHECK(found.allowed == joined);
    } else {
        FUZZ_CHECK(found.result == http::router::outcome::not_found);
        FUZZ_CHECK(found.target == nullptr);
        FUZZ_CHECK(req->path_params.empty());
    }
    return 0;
}
