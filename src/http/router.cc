#include "http/router.h"

#include <map>

#include "util/text.h"

namespace reserva::http {
namespace {

std::vector<std::string> segments_of(const std::string& path) {
    std::vector<std::string> out;
    for (auto part : split(path, '/')) out.emplace_back(part);
    return out;  // "/a/b/" -> "", "a", "b", "": the trailing slash is significant
}

bool is_placeholder(const std::string& segment) {
    return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

bool segments_match(const std::vector<std::string>& pattern, const std::vector<std::string>& path,
                    std::map<std::string, std::string>& params) {
    if (pattern.size() != path.size()) return false;
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        if (!is_placeholder(pattern[i])) {
            if (pattern[i] != path[i]) return false;
            continue;
        }
        std::string name = pattern[i].substr(1, pattern[i].size() - 2);
        if (path[i].empty()) return false;
        if (name == "id" && !parse_id(path[i])) return false;
        params[name] = path[i];
    }
    return true;
}

}  // namespace

void router::add(const std::string& method, const std::string& pattern, handler h) {
    routes_.push_back({method, segments_of(pattern), std::move(h)});
}

router::match router::find(request& req) const {
    auto path = segments_of(req.path());
    match result;
    for (const auto& r : routes_) {
        std::map<std::string, std::string> params;
        if (!segments_match(r.segments, path, params)) continue;
        bool head_as_get = req.method() == "HEAD" && r.method == "GET";
        if (r.method == req.method() || head_as_get) {
            req.path_params = std::move(params);
            result.result = outcome::found;
            result.target = &r.target;
            return result;
        }
        result.result = outcome::method_not_allowed;
        if (result.allowed.find(r.method) == std::string::npos)
            result.allowed += (result.allowed.empty() ? "" : ", ") + r.method;
    }
    return result;
}

}  // namespace reserva::http
