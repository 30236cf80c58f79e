#include "event_stream.h"

#include <QString>
#include <array>
#include <limits>

namespace lapce_ai::providers {

namespace {

constexpr std::uint32_t kPreludeLength = 8;
constexpr std::uint32_t kChecksumLength = 4;
constexpr std::uint32_t kMinimumMessageLength = kPreludeLength + kChecksumLength * 2;

constexpr std::array<std::uint32_t, 256> make_crc_table() {
    std::array<std::uint32_t, 256> table{};
    for (std::uint32_t n = 0; n < 256; ++n) {
        std::uint32_t c = n;
        for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320U ^ (c >> 1) : c >> 1;
        table[n] = c;
    }
    return table;
}
constexpr auto kCrcTable = make_crc_table();

std::uint32_t read_u32(QByteArrayView bytes, qsizetype offset) {
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data()) + offset;
    return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
           std::uint32_t{p[3]};
}

void append_u16(QByteArray& out, std::uint16_t value) {
    out.append(static_cast<char>(value >> 8));
    out.append(static_cast<char>(value & 0xFF));
}

void append_u32(QByteArray& out, std::uint32_t value) {
    for (int shift = 24; shift >= 0; shift -= 8)
        out.append(static_cast<char>((value >> shift) & 0xFF));
}

void append_u64(QByteArray& out, std::uint64_t value) {
    for (int shift = 56; shift >= 0; shift -= 8)
        out.append(static_cast<char>((value >> shift) & 0xFF));
}

EventStreamError range_error(std::string message) {
    return EventStreamError(EventStreamError::Kind::MalformedHeaders, "RangeError",
                            std::move(message));
}

// Reads the headers the way HeaderMarshaller.parse does: DataView reads are bounded by the
// headers' view, byte ranges (names, strings, binaries, longs, uuids) only by the message.
class HeaderReader {
  public:
    HeaderReader(QByteArrayView message, qsizetype view_offset, qsizetype view_length)
        : message_(message), view_offset_(view_offset), view_length_(view_length) {}

    bool at_end() const { return position_ >= view_length_; }

    std::uint64_t read_view(int size) {
        if (position_ < 0 || position_ + size > view_length_) {
            throw range_error("Offset is outside the bounds of the DataView");
        }
        std::uint64_t value = 0;
        for (int i = 0; i < size; ++i) {
            value =
                (value << 8) | static_cast<unsigned char>(message_[view_offset_ + position_ + i]);
        }
        position_ += size;
        return value;
    }

    QByteArrayView read_bytes(qsizetype length) {
        const qsizetype start = view_offset_ + position_;
        if (start > message_.size()) {
            throw range_error("Start offset " + std::to_string(start) +
                              " is outside the bounds of the buffer");
        }
        if (start + length > message_.size()) {
            throw range_error("Invalid typed array length: " + std::to_string(length));
        }
        position_ += length;
        return message_.sliced(start, length);
    }

  private:
    QByteArrayView message_;
    qsizetype view_offset_;
    qsizetype view_length_;
    qsizetype position_ = 0;
};

std::string to_utf8_string(QByteArrayView bytes) {
    // TextDecoder: invalid sequences become U+FFFD
    return QString::fromUtf8(bytes).toStdString();
}

std::string uuid_text(QByteArrayView bytes) {
    const std::string hex = bytes.toByteArray().toHex().toStdString();
    return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
           hex.substr(16, 4) + "-" + hex.substr(20);
}

bool is_valid_uuid(const std::string& text) {
    // /^[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}$/
    if (text.size() != 36) return false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (c != '-') return false;
        } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            return false;
        }
    }
    return true;
}

std::vector<EventStreamHeader> parse_headers(QByteArrayView message, qsizetype offset,
                                             qsizetype length) {
    EventStreamMessage out;
    HeaderReader reader(message, offset, length);
    while (!reader.at_end()) {
        const auto name_length = static_cast<qsizetype>(reader.read_view(1));
        std::string name = to_utf8_string(reader.read_bytes(name_length));
        const auto tag = reader.read_view(1);
        switch (tag) {
            case 0:
                out.set_header(std::move(name), true);
                break;
            case 1:
                out.set_header(std::move(name), false);
                break;
            case 2:
                out.set_header(std::move(name), static_cast<std::int8_t>(reader.read_view(1)));
                break;
            case 3:
                out.set_header(std::move(name), static_cast<std::int16_t>(reader.read_view(2)));
                break;
            case 4:
                out.set_header(std::move(name), static_cast<std::int32_t>(reader.read_view(4)));
                break;
            case 5:
            case 8: {
                const QByteArrayView bytes = reader.read_bytes(8);
                std::uint64_t raw = 0;
                for (const char byte : bytes) raw = (raw << 8) | static_cast<unsigned char>(byte);
                const auto value = static_cast<std::int64_t>(raw);
                if (tag == 5) {
                    out.set_header(std::move(name), EventStreamLong{value});
                } else {
                    out.set_header(std::move(name), EventStreamTimestamp{value});
                }
                break;
            }
            case 6: {
                const auto binary_length = static_cast<qsizetype>(reader.read_view(2));
                out.set_header(std::move(name), reader.read_bytes(binary_length).toByteArray());
                break;
            }
            case 7: {
                const auto string_length = static_cast<qsizetype>(reader.read_view(2));
                out.set_header(std::move(name), to_utf8_string(reader.read_bytes(string_length)));
                break;
            }
            case 9:
                out.set_header(std::move(name), EventStreamUuid{uuid_text(reader.read_bytes(16))});
                break;
            default:
                throw EventStreamError(EventStreamError::Kind::UnknownHeaderType, "Error",
                                       "Unrecognized header type tag");
        }
    }
    return std::move(out.headers);
}

void check_encodable(bool fits, const char* what) {
    if (!fits) {
        throw EventStreamError(EventStreamError::Kind::EncodingLimit, "Error",
                               std::string("Event stream ") + what + " is too long to encode");
    }
}

QByteArray format_headers(const std::vector<EventStreamHeader>& headers) {
    QByteArray out;
    for (const auto& header : headers) {
        check_encodable(header.name.size() <= 255, "header name");
        out.append(static_cast<char>(header.name.size()));
        out.append(header.name.data(), static_cast<qsizetype>(header.name.size()));
        std::visit(
            [&](const auto& value) {
                using T = std::decay_t<decltype(value)>;
                if constexpr (std::is_same_v<T, bool>) {
                    out.append(static_cast<char>(value ? 0 : 1));
                } else if constexpr (std::is_same_v<T, std::int8_t>) {
                    out.append(static_cast<char>(2));
                    out.append(static_cast<char>(value));
                } else if constexpr (std::is_same_v<T, std::int16_t>) {
                    out.append(static_cast<char>(3));
                    append_u16(out, static_cast<std::uint16_t>(value));
                } else if constexpr (std::is_same_v<T, std::int32_t>) {
                    out.append(static_cast<char>(4));
                    append_u32(out, static_cast<std::uint32_t>(value));
                } else if constexpr (std::is_same_v<T, EventStreamLong>) {
                    out.append(static_cast<char>(5));
                    append_u64(out, static_cast<std::uint64_t>(value.value));
                } else if constexpr (std::is_same_v<T, QByteArray>) {
                    check_encodable(value.size() <= 0xFFFF, "binary header value");
                    out.append(static_cast<char>(6));
                    append_u16(out, static_cast<std::uint16_t>(value.size()));
                    out.append(value);
                } else if constexpr (std::is_same_v<T, std::string>) {
                    check_encodable(value.size() <= 0xFFFF, "string header value");
                    out.append(static_cast<char>(7));
                    append_u16(out, static_cast<std::uint16_t>(value.size()));
                    out.append(value.data(), static_cast<qsizetype>(value.size()));
                } else if constexpr (std::is_same_v<T, EventStreamTimestamp>) {
                    out.append(static_cast<char>(8));
                    append_u64(out, static_cast<std::uint64_t>(value.milliseconds));
                } else {
                    if (!is_valid_uuid(value.text)) {
                        throw EventStreamError(EventStreamError::Kind::InvalidUuid, "Error",
                                               "Invalid UUID received: " + value.text);
                    }
                    out.append(static_cast<char>(9));
                    std::string hex = value.text;
                    std::erase(hex, '-');
                    out.append(QByteArray::fromHex(QByteArray::fromStdString(hex)));
                }
            },
            header.value);
    }
    return out;
}

}  // namespace

const EventStreamHeaderValue* EventStreamMessage::header(std::string_view name) const {
    for (const auto& header : headers) {
        if (header.name == name) return &header.value;
    }
    return nullptr;
}

std::string EventStreamMessage::string_header(std::string_view name) const {
    const auto* value = header(name);
    if (value == nullptr) return {};
    const auto* text = std::get_if<std::string>(value);
    return text != nullptr ? *text : std::string();
}

void EventStreamMessage::set_header(std::string name, EventStreamHeaderValue value) {
    for (auto& header : headers) {
        if (header.name == name) {
            header.value = std::move(value);
            return;
        }
    }
    headers.push_back(EventStreamHeader{std::move(name), std::move(value)});
}

std::uint32_t crc32(QByteArrayView bytes, std::uint32_t previous) {
    std::uint32_t c = previous ^ 0xFFFFFFFFU;
    for (const char byte : bytes) {
        c = kCrcTable[(c ^ static_cast<unsigned char>(byte)) & 0xFF] ^ (c >> 8);
    }
    return c ^ 0xFFFFFFFFU;
}

EventStreamMessage decode_event_stream_message(QByteArrayView message) {
    const auto byte_length = static_cast<std::uint64_t>(message.size());
    if (byte_length < kMinimumMessageLength) {
        throw EventStreamError(EventStreamError::Kind::MessageTooShort, "Error",
                               "Provided message too short to accommodate event stream message "
                               "overhead");
    }
    const std::uint32_t message_length = read_u32(message, 0);
    if (byte_length != message_length) {
        throw EventStreamError(EventStreamError::Kind::MessageTooShort, "Error",
                               "Reported message length does not match received message length");
    }
    const std::uint32_t header_length = read_u32(message, 4);
    const std::uint32_t expected_prelude_checksum = read_u32(message, kPreludeLength);
    const std::uint32_t expected_message_checksum =
        read_u32(message, message.size() - kChecksumLength);
    const std::uint32_t prelude_checksum = crc32(message.first(kPreludeLength));
    if (expected_prelude_checksum != prelude_checksum) {
        throw EventStreamError(EventStreamError::Kind::PreludeChecksum, "Error",
                               "The prelude checksum specified in the message (" +
                                   std::to_string(expected_prelude_checksum) +
                                   ") does not match the calculated CRC32 checksum (" +
                                   std::to_string(prelude_checksum) + ")");
    }
    const std::uint32_t message_checksum =
        crc32(message.sliced(kPreludeLength, message.size() - kPreludeLength - kChecksumLength),
              prelude_checksum);
    if (expected_message_checksum != message_checksum) {
        throw EventStreamError(EventStreamError::Kind::MessageChecksum, "Error",
                               "The message checksum (" + std::to_string(message_checksum) +
                                   ") did not match the expected value of " +
                                   std::to_string(expected_message_checksum));
    }
    const std::uint64_t headers_start = kPreludeLength + kChecksumLength;
    if (headers_start + header_length > byte_length) {
        throw range_error("Invalid DataView length " + std::to_string(header_length));
    }
    const std::int64_t body_length = static_cast<std::int64_t>(message_length) -
                                     static_cast<std::int64_t>(header_length) -
                                     (kPreludeLength + kChecksumLength + kChecksumLength);
    if (body_length < 0) {
        throw range_error("Invalid typed array length: " + std::to_string(body_length));
    }
    EventStreamMessage out;
    out.body = message
                   .sliced(static_cast<qsizetype>(headers_start + header_length),
                           static_cast<qsizetype>(body_length))
                   .toByteArray();
    out.headers = parse_headers(message, static_cast<qsizetype>(headers_start),
                                static_cast<qsizetype>(header_length));
    return out;
}

QByteArray encode_event_stream_message(const EventStreamMessage& message) {
    const QByteArray headers = format_headers(message.headers);
    const qint64 length = headers.size() + message.body.size() + 16;
    check_encodable(length <= std::numeric_limits<std::uint32_t>::max(), "message");
    QByteArray out;
    out.reserve(static_cast<qsizetype>(length));
    append_u32(out, static_cast<std::uint32_t>(length));
    append_u32(out, static_cast<std::uint32_t>(headers.size()));
    const std::uint32_t prelude_checksum = crc32(out);
    append_u32(out, prelude_checksum);
    out.append(headers);
    out.append(message.body);
    append_u32(out, crc32(QByteArrayView(out).sliced(kPreludeLength), prelude_checksum));
    return out;
}

void EventStreamDecoder::feed(QByteArrayView bytes,
                              const std::function<void(EventStreamMessage&&)>& on_message) {
    while (!bytes.isEmpty()) {
        if (total_length_ == 0) {
            const qsizetype wanted = std::min<qsizetype>(4 - buffer_.size(), bytes.size());
            buffer_.append(bytes.first(wanted));
            bytes = bytes.sliced(wanted);
            if (buffer_.size() < 4) return;
            const std::uint32_t length = read_u32(buffer_, 0);
            if (length < kMinimumMessageLength) {
                buffer_.clear();
                throw EventStreamError(EventStreamError::Kind::MessageTooShort, "Error",
                                       "Provided message too short to accommodate event stream "
                                       "message overhead");
            }
            if (length > kEventStreamMaxMessageLength) {
                buffer_.clear();
                throw EventStreamError(EventStreamError::Kind::MessageTooLong, "Error",
                                       "Event stream message length " + std::to_string(length) +
                                           " exceeds the maximum of " +
                                           std::to_string(kEventStreamMaxMessageLength));
            }
            total_length_ = length;
            buffer_.reserve(static_cast<qsizetype>(length));
        }
        const qsizetype wanted = std::min<qsizetype>(
            static_cast<qsizetype>(total_length_) - buffer_.size(), bytes.size());
        buffer_.append(bytes.first(wanted));
        bytes = bytes.sliced(wanted);
        if (buffer_.size() == static_cast<qsizetype>(total_length_)) {
            const QByteArray message = std::move(buffer_);
            buffer_ = QByteArray();
            total_length_ = 0;
            on_message(decode_event_stream_message(message));
        }
    }
}

std::vector<EventStreamMessage> EventStreamDecoder::feed(QByteArrayView bytes) {
    std::vector<EventStreamMessage> messages;
    feed(bytes, [&](EventStreamMessage&& message) { messages.push_back(std::move(message)); });
    return messages;
}

void EventStreamDecoder::finish() const {
    if (total_length_ != 0) {
        throw EventStreamError(EventStreamError::Kind::Truncated, "Error",
                               "Truncated event message received.");
    }
}

}  // namespace lapce_ai::providers
