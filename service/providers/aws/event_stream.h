#pragma once

// application/vnd.amazon.eventstream, as @smithy/eventstream-codec 4.0.4 and the chunking of
// @smithy/eventstream-serde-universal 4.0.4 handle it. A message is
//   total length (u32 BE) | headers length (u32 BE) | prelude CRC32 | headers | payload | CRC32
// where the prelude CRC covers the first 8 bytes and the message CRC everything before it.
// Errors carry the SDK's messages (or V8's RangeError texts where the SDK reads out of bounds).

#include <QByteArray>
#include <QByteArrayView>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "provider_error.h"

namespace lapce_ai::providers {

struct EventStreamLong {
    std::int64_t value = 0;
};
struct EventStreamTimestamp {
    std::int64_t milliseconds = 0;  // since the epoch (a JavaScript Date)
};
struct EventStreamUuid {
    std::string text;  // "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx", lower-case hex
};
// Header value types 0/1 boolean, 2 byte, 3 short, 4 integer, 5 long, 6 binary, 7 string,
// 8 timestamp, 9 uuid.
using EventStreamHeaderValue =
    std::variant<bool, std::int8_t, std::int16_t, std::int32_t, EventStreamLong, QByteArray,
                 std::string, EventStreamTimestamp, EventStreamUuid>;

struct EventStreamHeader {
    std::string name;
    EventStreamHeaderValue value;
};

struct EventStreamMessage {
    // In order; names are unique (a repeated name keeps its first place and its last value).
    std::vector<EventStreamHeader> headers;
    QByteArray body;

    const EventStreamHeaderValue* header(std::string_view name) const;
    // The value of a string header, "" when absent or of another type.
    std::string string_header(std::string_view name) const;
    void set_header(std::string name, EventStreamHeaderValue value);
};

class EventStreamError : public ProviderError {
  public:
    enum class Kind {
        MessageTooShort,
        MessageTooLong,
        PreludeChecksum,
        MessageChecksum,
        Truncated,
        MalformedHeaders,
        UnknownHeaderType,
        InvalidUuid,
        EncodingLimit,
    };
    EventStreamError(Kind kind, std::string name, std::string message)
        : ProviderError(std::move(name), std::move(message)), kind_(kind) {}
    Kind kind() const { return kind_; }

  private:
    Kind kind_;
};

// Messages longer than this are refused before they are buffered. The JavaScript SDK has no
// limit; 16 MiB is the one of AWS's other event-stream implementations (aws-c-event-stream).
inline constexpr std::uint32_t kEventStreamMaxMessageLength = 16 * 1024 * 1024;

std::uint32_t crc32(QByteArrayView bytes, std::uint32_t previous = 0);

// EventStreamCodec.decode: one complete message (splitMessage, then the headers).
EventStreamMessage decode_event_stream_message(QByteArrayView message);
// EventStreamCodec.encode. Throws EventStreamError (EncodingLimit) where the SDK would write a
// corrupt frame: a name over 255 bytes, a string or binary value over 65535 bytes.
QByteArray encode_event_stream_message(const EventStreamMessage& message);

// getChunkedStream + decode: bytes in as they arrive, messages out as they complete.
class EventStreamDecoder {
  public:
    // Calls on_message for each message completed by `bytes`, in order; a malformed message
    // throws after the messages before it were delivered.
    void feed(QByteArrayView bytes, const std::function<void(EventStreamMessage&&)>& on_message);
    std::vector<EventStreamMessage> feed(QByteArrayView bytes);
    // The end of the body: throws "Truncated event message received." inside a message. Up to
    // three bytes of a next length prefix are ignored, as the SDK does.
    void finish() const;
    bool in_message() const { return total_length_ != 0; }

  private:
    QByteArray buffer_;  // the current message, from its first byte
    std::uint32_t total_length_ = 0;
};

}  // namespace lapce_ai::providers
