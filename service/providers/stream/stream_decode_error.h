#pragma once

// What the byte-level decoders of a response body refuse: a line or an event that grows past
// their limit, so that a misbehaving server cannot make the service buffer without end.

#include <cstddef>
#include <string>

namespace lapce_ai::providers {

inline constexpr std::size_t kDefaultStreamDecodeLimit = 16 * 1024 * 1024;

struct StreamDecodeError {
    enum class Kind { LineTooLong, EventTooLong };

    Kind kind = Kind::LineTooLong;
    std::size_t limit = 0;

    // "stream line longer than 16777216 bytes", "stream event longer than … bytes".
    std::string message() const;
};

}  // namespace lapce_ai::providers
