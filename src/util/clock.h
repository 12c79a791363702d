// Time as the gateway wants it: ISO 8601 with milliseconds and an offset (always UTC here).
#pragma once
#include <chrono>
#include <string>

namespace reserva {

using wall_clock = std::chrono::system_clock;

// 2026-11-27T09:00:00.000+00:00
std::string format_iso8601(wall_clock::time_point t);

}  // namespace reserva
