// Helpers shared by the fuzz targets in this folder (see fuzz/README.md).
#pragma once
#include <cgicc/CgiInput.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace reserva::fuzzing {

// An invariant broke: say which, and abort so libFuzzer keeps the input as a crash-* file.
[[noreturn]] inline void fail(const char* file, int line, const char* what) {
    std::fprintf(stderr, "\n==FUZZ INVARIANT== %s:%d: %s\n", file, line, what);
    std::fflush(stderr);
    std::abort();
}
#define FUZZ_CHECK(condition)                                                                      \
    do {                                                                                           \
        if (!(condition)) ::reserva::fuzzing::fail(__FILE__, __LINE__, "check failed: " #condition); \
    } while (0)

inline std::string_view as_view(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

// Splits the input at '\n' into at most max_parts pieces; the last piece keeps the rest
// (including further newlines), so one free-form field can be last.
inline std::vector<std::string> lines(std::string_view in, std::size_t max_parts) {
    std::vector<std::string> out;
    while (out.size() + 1 < max_parts) {
        auto nl = in.find('\n');
        if (nl == std::string_view::npos) break;
        out.emplace_back(in.substr(0, nl));
        in.remove_prefix(nl + 1);
    }
    out.emplace_back(in);
    return out;
}

inline bool is_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

inline bool valid_utf8(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        std::size_t n;
        std::uint32_t cp;
        if (c < 0x80) { ++i; continue; }
        else if ((c & 0xe0) == 0xc0) { n = 1; cp = c & 0x1f; }
        else if ((c & 0xf0) == 0xe0) { n = 2; cp = c & 0x0f; }
        else if ((c & 0xf8) == 0xf0) { n = 3; cp = c & 0x07; }
        else return false;
        if (i + n >= s.size()) return false;  // the sequence runs past the end
        for (std::size_t k = 1; k <= n; ++k) {
            unsigned char d = static_cast<unsigned char>(s[i + k]);
            if ((d & 0xc0) != 0x80) return false;
            cp = (cp << 6) | (d & 0x3f);
        }
        if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10ffff ||
            (cp >= 0xd800 && cp <= 0xdfff))
            return false;
        i += n + 1;
    }
    return true;
}

// FastCGI parameters reach the store as C strings (FCGX_GetParam): a NUL ends them.
inline std::string c_string(std::string_view s) { return std::string(s.substr(0, s.find('\0'))); }

// A request's bytes the way FastCGI hands them over: CGI variables and a body. read() gives
// at most what the body holds, as fcgx_input does when a client sends less than it announced.
class cgi_input : public cgicc::CgiInput {
public:
    cgi_input(std::map<std::string, std::string> variables, std::string body)
        : variables_(std::move(variables)), body_(std::move(body)) {}
    size_t read(char* data, size_t length) override {
        size_t n = std::min(length, body_.size() - offset_);
        if (n) std::memcpy(data, body_.data() + offset_, n);
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

}  // namespace reserva::fuzzing
