#include "util/local_time.h"

#include <sys/stat.h>

#include <cstdlib>
#include <ctime>

namespace reserva {
namespace {

std::string format(std::int64_t epoch_seconds, const char* pattern) {
    if (epoch_seconds == 0) return "";
    std::time_t t = static_cast<std::time_t>(epoch_seconds);
    std::tm local{};
    localtime_r(&t, &local);
    char out[64];
    std::size_t n = std::strftime(out, sizeof out, pattern, &local);
    return std::string(out, n);
}

}  // namespace

bool set_display_time_zone(const std::string& iana_name) {
    // The process's TZ is the display zone: localtime_r is thread-safe once it is set, and the
    // database connections set their own time_zone (UTC), so nothing else depends on it.
    struct stat info{};
    bool known = iana_name.find("..") == std::string::npos &&
                 stat(("/usr/share/zoneinfo/" + iana_name).c_str(), &info) == 0;
    setenv("TZ", known ? iana_name.c_str() : "UTC", 1);
    tzset();
    return known;
}

std::string format_local_time(std::int64_t epoch_seconds) { return format(epoch_seconds, "%d/%m/%Y %H:%M"); }

std::string format_local_date(std::int64_t epoch_seconds) { return format(epoch_seconds, "%d/%m/%Y"); }

std::string format_local_iso(std::int64_t epoch_seconds) {
    std::string text = format(epoch_seconds, "%Y-%m-%dT%H:%M:%S%z");  // ...-0300
    if (text.size() > 2) text.insert(text.size() - 2, ":");
    return text;
}

std::int64_t start_of_local_day(std::int64_t epoch_seconds) {
    std::time_t t = static_cast<std::time_t>(epoch_seconds);
    std::tm local{};
    localtime_r(&t, &local);
    local.tm_hour = local.tm_min = local.tm_sec = 0;
    local.tm_isdst = -1;
    return static_cast<std::int64_t>(std::mktime(&local));
}

}  // namespace reserva
