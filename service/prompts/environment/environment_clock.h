#pragma once

// The clock getEnvironmentDetails reads (`new Date()` and Intl's time zone), as an input so
// tests can pin it.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lapce_ai::prompts {

struct EnvironmentClock {
    std::int64_t epoch_ms = 0;   // now, milliseconds since 1970-01-01T00:00Z
    std::string time_zone;       // IANA id, e.g. "UTC", "Europe/Berlin"
    int utc_offset_seconds = 0;  // east of UTC at `epoch_ms`
};

// This machine's clock and time zone.
EnvironmentClock current_environment_clock();

// The clock at `epoch_ms` in the IANA time zone `time_zone`; std::nullopt for an unknown zone.
std::optional<EnvironmentClock> environment_clock_at(std::int64_t epoch_ms,
                                                     std::string_view time_zone);

}  // namespace lapce_ai::prompts
