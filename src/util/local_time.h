// Times as people read them: in the store's [site] timezone, in Brazilian form (04/12/2026 17:06).
// The database keeps UTC; a time leaves it as seconds since the epoch (UNIX_TIMESTAMP) and is
// turned into local time only here, at the edge.
#pragma once
#include <cstdint>
#include <string>

namespace reserva {

// Once at start-up, before any thread: the zone every later local time is shown in (IANA name,
// e.g. America/Sao_Paulo). Returns false when the system has no such zone (UTC is used then).
bool set_display_time_zone(const std::string& iana_name);
// 1733330760 -> "04/12/2024 13:46" in the display zone; "" for 0.
std::string format_local_time(std::int64_t epoch_seconds);
// The same as a date only ("04/12/2024"), and as ISO 8601 with the zone's offset (for CSV).
std::string format_local_date(std::int64_t epoch_seconds);
std::string format_local_iso(std::int64_t epoch_seconds);
// The epoch second at which today began in the display zone (the dashboard's "sales of the day").
std::int64_t start_of_local_day(std::int64_t epoch_seconds);

}  // namespace reserva
