#include "util/log.h"

#include <unistd.h>

#include <string>

namespace reserva {

void log_line(std::string_view message) {
    std::string line;
    line.reserve(message.size() + 1);
    for (char c : message) line += (c == '\n' || c == '\r') ? ' ' : c;  // one event, one line
    line += '\n';
    const char* data = line.data();
    std::size_t left = line.size();
    while (left > 0) {
        ssize_t n = ::write(STDERR_FILENO, data, left);
        if (n <= 0) return;  // nowhere to log to: carry on serving
        data += n;
        left -= static_cast<std::size_t>(n);
    }
}

}  // namespace reserva
