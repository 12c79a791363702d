// One line per event on stderr, which journald collects. Each line is a single write(2) so that
// lines from many threads never interleave; nothing is fsynced on the request path.
#pragma once
#include <string_view>

namespace reserva {

void log_line(std::string_view message);

}  // namespace reserva
