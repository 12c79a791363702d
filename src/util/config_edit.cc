#include "util/config_edit.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "util/text.h"

namespace reserva {
namespace {

std::string quoted_if_needed(const std::string& value) {
    bool plain = value.find_first_of(";#\"") == std::string::npos && trim(value) == value;
    return plain ? value : "\"" + value + "\"";
}

// The key a "key = value" line sets, "" for anything else.
std::string key_of(const std::string& line) {
    auto eq = line.find('=');
    std::string_view start = trim(line);
    if (eq == std::string::npos || start.empty() || start.front() == ';' || start.front() == '#') return {};
    return std::string(trim(std::string_view(line).substr(0, eq)));
}

std::string section_of(const std::string& line) {
    std::string_view t = trim(line);
    if (t.size() < 2 || t.front() != '[' || t.back() != ']') return {};
    return std::string(trim(t.substr(1, t.size() - 2)));
}

[[noreturn]] void fail(const std::string& path, const std::string& what) {
    throw std::runtime_error(path + ": " + what + ": " + std::strerror(errno));
}

}  // namespace

std::string with_config_values(const std::string& text, const std::string& section,
                               const std::vector<std::pair<std::string, std::string>>& values) {
    std::vector<std::string> lines;
    for (auto& line : split(text, '\n')) lines.emplace_back(line);
    if (!lines.empty() && lines.back().empty()) lines.pop_back();  // the final newline
    for (auto& [key, value] : values) {
        std::string line = key + " = " + quoted_if_needed(value);
        std::string current;
        std::size_t end_of_section = std::string::npos;  // after its last key line
        bool done = false;
        for (std::size_t i = 0; i < lines.size() && !done; ++i) {
            if (auto name = section_of(lines[i]); !name.empty()) {
                current = name;
                if (current == section) end_of_section = i + 1;
            } else if (current == section && !key_of(lines[i]).empty()) {
                end_of_section = i + 1;
                if (key_of(lines[i]) == key) lines[i] = line, done = true;
            }
        }
        if (done) continue;
        if (end_of_section == std::string::npos) {
            lines.push_back("[" + section + "]");
            lines.push_back(line);
        } else {
            lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(end_of_section), line);
        }
    }
    std::string out;
    for (auto& line : lines) out += line + "\n";
    return out;
}

void set_config_values(const std::string& path, const std::string& section,
                       const std::vector<std::pair<std::string, std::string>>& values) {
    std::ifstream in(path);
    if (!in) fail(path, "cannot read");
    std::ostringstream text;
    text << in.rdbuf();
    std::string updated = with_config_values(text.str(), section, values);

    struct stat original {};
    if (::stat(path.c_str(), &original) != 0) fail(path, "cannot stat");
    std::string temporary = path + ".XXXXXX";
    int fd = ::mkstemp(temporary.data());
    if (fd < 0) fail(path, "cannot create a file beside it");
    bool written = ::fchmod(fd, original.st_mode & 07777) == 0 &&
                   ::fchown(fd, original.st_uid, original.st_gid) == 0 &&
                   ::write(fd, updated.data(), updated.size()) == static_cast<ssize_t>(updated.size()) &&
                   ::fsync(fd) == 0;
    int saved = errno;
    ::close(fd);
    if (!written || ::rename(temporary.c_str(), path.c_str()) != 0) {
        if (written) saved = errno;
        ::unlink(temporary.c_str());
        errno = saved;
        fail(path, "cannot be rewritten");
    }
}

}  // namespace reserva
