#include "util/clock.h"

#include <ctime>

namespace reserva {

std::string format_iso8601(wall_clock::time_point t) {
    auto since_epoch = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch());
    std::time_t seconds = static_cast<std::time_t>(since_epoch.count() / 1000);
    int millis = static_cast<int>(since_epoch.count() % 1000);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char text[96];
    std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03d+00:00", utc.tm_year + 1900, utc.tm_mon + 1,
                  utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, millis);
    return text;
}

std::string format_utc_minute(std::int64_t epoch_seconds) {
    std::time_t seconds = static_cast<std::time_t>(epoch_seconds);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%d %H:%M", &utc);
    return text;
}

}  // namespace reserva
