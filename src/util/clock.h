// Time as the gateway wants it: ISO 8601 with milliseconds and an offset (always UTC here).
#pragma once
#include <chrono>
#include <cstdint>
#include <string>

namespace reserva {

using wall_clock = std::chrono::system_clock;

// 2026-11-27T09:00:00.000+00:00
std::string format_iso8601(wall_clock::time_point t);
// 1795000000 -> "2026-11-18 12:06" (UTC, to the minute: the operator CLI's tables).
std::string format_utc_minute(std::int64_t epoch_seconds);

}  // namespace reserva
