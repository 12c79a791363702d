// A request's bytes without FastCGI: CGI variables from a map, the body from a string.
#pragma once
#include <cgicc/CgiInput.h>

#include <algorithm>
#include <cstring>
#include <initializer_list>
#include <map>
#include <string>

namespace reserva::testing {

class fake_input : public cgicc::CgiInput {
public:
    fake_input(std::initializer_list<std::pair<const std::string, std::string>> variables, std::string body = "")
        : variables_(variables), body_(std::move(body)) {
        if (!body_.empty() && !variables_.count("CONTENT_LENGTH")) variables_["CONTENT_LENGTH"] = std::to_string(body_.size());
    }
    size_t read(char* data, size_t length) override {
        size_t n = std::min(length, body_.size() - offset_);
        std::memcpy(data, body_.data() + offset_, n);
        offset_ += n;
        return n;
    }
    std::string getenv(const char* name) override {
        auto found = variables_.find(name);
        return found == variables_.end() ? "" : found->second;
    }

private:
    std::map<std::string, std::string> variables_;
    std::string body_;
    size_t offset_ = 0;
};

}  // namespace reserva::testing
