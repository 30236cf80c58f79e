#include "http2_client_session.h"

#include <algorithm>
#include <charconv>
#include <utility>

#include "hpack_encoder.h"

namespace lapce_ai::providers {

namespace {

constexpr std::string_view kPreface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

enum SettingId : std::uint16_t {
    kHeaderTableSize = 0x1,
    kEnablePush = 0x2,
    kMaxConcurrentStreams = 0x3,
    kInitialWindowSize = 0x4,
    kMaxFrameSize = 0x5,
    kMaxHeaderListSize = 0x6,
};

void append_setting(std::string& out, SettingId id, std::uint32_t value) {
    out.push_back(static_cast<char>(id >> 8));
    out.push_back(static_cast<char>(id & 0xff));
    append_http2_u32(out, value);
}

void append_window_update(std::string& out, std::uint32_t stream_id, std::size_t increment) {
    append_http2_frame_header(out, 4, Http2FrameType::WindowUpdate, 0, stream_id);
    append_http2_u32(out, static_cast<std::uint32_t>(increment));
}

void append_rst_stream(std::string& out, std::uint32_t stream_id, Http2ErrorCode code) {
    append_http2_frame_header(out, 4, Http2FrameType::RstStream, 0, stream_id);
    append_http2_u32(out, static_cast<std::uint32_t>(code));
}

}  // namespace

Http2ClientSession::Http2ClientSession() : decoder_(4096, kHeaderBlockLimit) {
    output_.append(kPreface);
    std::string settings;
    append_setting(settings, kEnablePush, 0);
    append_setting(settings, kInitialWindowSize, kStreamWindow);
    append_setting(settings, kMaxHeaderListSize, kHeaderBlockLimit);
    append_http2_frame(output_, Http2FrameType::Settings, 0, 0, settings);
    append_window_update(output_, 0, kConnectionWindow - 65535);
}

bool Http2ClientSession::can_open() const {
    return !failed_ && !going_away_ && streams_.size() < peer_max_streams_ &&
           next_stream_id_ <= kHttp2MaxStreamId;
}

std::uint32_t Http2ClientSession::open(Http2StreamListener& listener,
                                       const std::vector<HpackHeader>& headers, std::string body) {
    if (!can_open()) return 0;
    const std::uint32_t id = next_stream_id_;
    next_stream_id_ += 2;
    std::string block;
    // The encoder uses no dynamic table: the first block, and the first after the server sets a
    // table size, says so (size 0), as a decoder expecting a size update requires (RFC 7541 4.2).
    if (std::exchange(announce_table_size_, false)) block.push_back('\x20');
    hpack_encode(headers, block);
    const bool end_stream = body.empty();
    // The head in as many frames as the server's frame size needs: HEADERS, then CONTINUATION.
    std::string_view rest = block;
    bool first = true;
    do {
        const std::string_view piece = rest.substr(0, peer_max_frame_);
        rest.remove_prefix(piece.size());
        std::uint8_t flags = rest.empty() ? http2_flag::kEndHeaders : 0;
        if (first && end_stream) flags |= http2_flag::kEndStream;
        append_http2_frame(output_, first ? Http2FrameType::Headers : Http2FrameType::Continuation,
                           flags, id, piece);
        first = false;
    } while (!rest.empty());

    Stream& stream = streams_[id];
    stream.listener = &listener;
    stream.send_window = peer_initial_window_;
    stream.body = std::move(body);
    stream.end_sent = end_stream;
    if (end_stream) {
        written_.push_back(id);
    } else {
        send_bodies();
    }
    return id;
}

std::vector<std::uint32_t> Http2ClientSession::take_written_streams() {
    return std::exchange(written_, {});
}

Http2StreamListener* Http2ClientSession::listener_of(std::uint32_t stream_id) const {
    const auto found = streams_.find(stream_id);
    return found == streams_.end() ? nullptr : found->second.listener;
}

void Http2ClientSession::send_bodies() {
    for (auto& [id, stream] : streams_) {
        while (!stream.end_sent && connection_send_window_ > 0 && stream.send_window > 0) {
            const std::size_t left = stream.body.size() - stream.body_sent;
            const std::size_t size = std::min<std::size_t>(
                {left, peer_max_frame_, static_cast<std::size_t>(connection_send_window_),
                 static_cast<std::size_t>(stream.send_window)});
            const bool last = size == left;
            append_http2_frame(output_, Http2FrameType::Data, last ? http2_flag::kEndStream : 0, id,
                               std::string_view(stream.body).substr(stream.body_sent, size));
            stream.body_sent += size;
            connection_send_window_ -= static_cast<std::int64_t>(size);
            stream.send_window -= static_cast<std::int64_t>(size);
            if (last) {
                stream.end_sent = true;
                std::string().swap(stream.body);
                written_.push_back(id);
            }
        }
        if (connection_send_window_ <= 0) return;
    }
}

void Http2ClientSession::credit_connection(std::size_t bytes) {
    connection_uncredited_ += bytes;
    if (connection_uncredited_ < kConnectionWindow / 2) return;
    append_window_update(output_, 0, connection_uncredited_);
    connection_receive_window_ += static_cast<std::int64_t>(connection_uncredited_);
    connection_uncredited_ = 0;
}

void Http2ClientSession::consumed(std::uint32_t stream_id, std::size_t bytes) {
    if (bytes == 0 || failed_) return;
    const auto found = streams_.find(stream_id);
    if (found == streams_.end()) return;  // ended: the server sends it nothing more
    Stream& stream = found->second;
    stream.uncredited += bytes;
    if (stream.uncredited < kStreamWindow / 2) return;
    append_window_update(output_, stream_id, stream.uncredited);
    stream.receive_window += static_cast<std::int64_t>(stream.uncredited);
    stream.uncredited = 0;
}

void Http2ClientSession::cancel(std::uint32_t stream_id) {
    const auto found = streams_.find(stream_id);
    if (found == streams_.end()) return;
    streams_.erase(found);
    if (!failed_) append_rst_stream(output_, stream_id, Http2ErrorCode::Cancel);
}

bool Http2ClientSession::receive(std::string_view bytes) {
    if (failed_) return false;
    reader_.append(bytes);
    Http2Frame frame;
    for (;;) {
        if (failed_) return false;  // a listener's doing (its connection went)
        switch (reader_.next(frame)) {
            case Http2FrameReader::Result::NeedMore:
                return true;
            case Http2FrameReader::Result::TooLarge:
                return connection_error(Http2ErrorCode::FrameSizeError,
                                        "HTTP/2 frame larger than the announced maximum");
            case Http2FrameReader::Result::Frame:
                if (!handle(frame)) return false;
                break;
        }
    }
}

bool Http2ClientSession::handle(const Http2Frame& frame) {
    const auto type = static_cast<Http2FrameType>(frame.type);
    if (!settings_received_ && (type != Http2FrameType::Settings || frame.has(http2_flag::kAck)))
        return connection_error(Http2ErrorCode::ProtocolError,
                                "the HTTP/2 server did not start with SETTINGS");
    if (continued_stream_ != 0 &&
        (type != Http2FrameType::Continuation || frame.stream_id != continued_stream_))
        return connection_error(Http2ErrorCode::ProtocolError,
                                "HTTP/2 header block interrupted by another frame");
    switch (type) {
        case Http2FrameType::Data:
            return handle_data(frame);
        case Http2FrameType::Headers:
            return handle_headers(frame);
        case Http2FrameType::Priority:
            if (frame.stream_id == 0)
                return connection_error(Http2ErrorCode::ProtocolError,
                                        "HTTP/2 PRIORITY on stream 0");
            if (frame.payload.size() != 5)
                stream_error(frame.stream_id, Http2ErrorCode::FrameSizeError,
                             "HTTP/2 PRIORITY frame of the wrong size");
            return true;
        case Http2FrameType::RstStream:
            return handle_rst_stream(frame);
        case Http2FrameType::Settings:
            return handle_settings(frame);
        case Http2FrameType::PushPromise:
            return connection_error(Http2ErrorCode::ProtocolError,
                                    "HTTP/2 server push after it was disabled");
        case Http2FrameType::Ping:
            return handle_ping(frame);
        case Http2FrameType::GoAway:
            return handle_goaway(frame);
        case Http2FrameType::WindowUpdate:
            return handle_window_update(frame);
        case Http2FrameType::Continuation:
            if (continued_stream_ == 0)
                return connection_error(Http2ErrorCode::ProtocolError,
                                        "HTTP/2 CONTINUATION without a header block");
            if (header_block_.size() + frame.payload.size() > kHeaderBlockLimit)
                return connection_error(Http2ErrorCode::EnhanceYourCalm,
                                        "HTTP/2 header block too large");
            header_block_.append(frame.payload);
            if (!frame.has(http2_flag::kEndHeaders)) return true;
            return handle_header_block(std::exchange(continued_stream_, 0), continued_end_stream_);
    }
    return true;  // frame types this side does not know are ignored (RFC 9113 section 4.1)
}

bool Http2ClientSession::handle_settings(const Http2Frame& frame) {
    if (frame.stream_id != 0)
        return connection_error(Http2ErrorCode::ProtocolError, "HTTP/2 SETTINGS on a stream");
    if (frame.has(http2_flag::kAck)) {
        if (!frame.payload.empty())
            return connection_error(Http2ErrorCode::FrameSizeError,
                                    "HTTP/2 SETTINGS acknowledgement with a payload");
        return true;
    }
    if (frame.payload.size() % 6 != 0)
        return connection_error(Http2ErrorCode::FrameSizeError,
                                "HTTP/2 SETTINGS frame of the wrong size");
    settings_received_ = true;
    for (std::string_view rest = frame.payload; !rest.empty(); rest.remove_prefix(6)) {
        const auto id = static_cast<std::uint16_t>((static_cast<std::uint8_t>(rest[0]) << 8) |
                                                   static_cast<std::uint8_t>(rest[1]));
        const std::uint32_t value = read_http2_u32(rest.substr(2));
        switch (id) {
            case kEnablePush:
                if (value > 1)
                    return connection_error(Http2ErrorCode::ProtocolError,
                                            "HTTP/2 SETTINGS_ENABLE_PUSH out of range");
                break;
            case kMaxConcurrentStreams:
                peer_max_streams_ = value;
                break;
            case kInitialWindowSize: {
                if (value > kHttp2MaxWindow)
                    return connection_error(Http2ErrorCode::FlowControlError,
                                            "HTTP/2 SETTINGS_INITIAL_WINDOW_SIZE out of range");
                const std::int64_t delta = std::int64_t{value} - peer_initial_window_;
                peer_initial_window_ = value;
                for (auto& [stream_id, stream] : streams_) {
                    stream.send_window += delta;
                    if (stream.send_window > kHttp2MaxWindow)
                        return connection_error(Http2ErrorCode::FlowControlError,
                                                "HTTP/2 stream window over 2^31-1");
                }
                break;
            }
            case kMaxFrameSize:
                if (value < kHttp2DefaultMaxFrameBytes || value > 0xffffff)
                    return connection_error(Http2ErrorCode::ProtocolError,
                                            "HTTP/2 SETTINGS_MAX_FRAME_SIZE out of range");
                peer_max_frame_ = value;
                break;
            case kHeaderTableSize:
                announce_table_size_ = true;
                break;
            default:
                break;  // unknown settings are ignored
        }
    }
    append_http2_frame(output_, Http2FrameType::Settings, http2_flag::kAck, 0, {});
    send_bodies();
    return true;
}

bool Http2ClientSession::unpad(const Http2Frame& frame, std::string_view& content) {
    content = frame.payload;
    if (!frame.has(http2_flag::kPadded)) return true;
    if (content.empty()) return false;
    const std::size_t padding = static_cast<std::uint8_t>(content[0]);
    content.remove_prefix(1);
    if (padding > content.size()) return false;
    content.remove_suffix(padding);
    return true;
}

bool Http2ClientSession::handle_headers(const Http2Frame& frame) {
    if (frame.stream_id == 0)
        return connection_error(Http2ErrorCode::ProtocolError, "HTTP/2 HEADERS on stream 0");
    if (frame.stream_id >= next_stream_id_ || frame.stream_id % 2 == 0)
        return connection_error(Http2ErrorCode::ProtocolError,
                                "HTTP/2 HEADERS on a stream this side did not open");
    std::string_view content;
    if (!unpad(frame, content))
        return connection_error(Http2ErrorCode::ProtocolError, "HTTP/2 padding too long");
    if (frame.has(http2_flag::kPriority)) {
        if (content.size() < 5)
            return connection_error(Http2ErrorCode::FrameSizeError,
                                    "HTTP/2 HEADERS too short for its priority");
        content.remove_prefix(5);
    }
    header_block_.assign(content);
    const bool end_stream = frame.has(http2_flag::kEndStream);
    if (!frame.has(http2_flag::kEndHeaders)) {
        continued_stream_ = frame.stream_id;
        continued_end_stream_ = end_stream;
        return true;
    }
    return handle_header_block(frame.stream_id, end_stream);
}

bool Http2ClientSession::handle_header_block(std::uint32_t stream_id, bool end_stream) {
    // Decoded whatever becomes of the stream: the dynamic table must follow the server's.
    if (!decoder_.decode(header_block_, decoded_))
        return connection_error(Http2ErrorCode::CompressionError,
                                "HTTP/2 header block: " + decoder_.error());
    const auto found = streams_.find(stream_id);
    if (found == streams_.end()) return true;  // cancelled here, or already over
    Stream& stream = found->second;
    if (stream.head_received) {
        // Trailers: they end the stream and carry nothing the handlers use.
        if (!end_stream) {
            stream_error(stream_id, Http2ErrorCode::ProtocolError,
                         "HTTP/2 trailers without END_STREAM");
            return true;
        }
        end_stream_of(stream_id);
        return true;
    }
    int status = 0;
    bool malformed = decoded_.empty() || decoded_.front().name != ":status";
    if (!malformed) {
        const std::string& text = decoded_.front().value;
        const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), status);
        malformed = error != std::errc() || end != text.data() + text.size() || text.size() != 3 ||
                    status < 100;
    }
    std::erase_if(decoded_, [&](const HpackHeader& header) {
        if (header.name.empty() || header.name.front() != ':') return false;
        malformed = malformed || header.name != ":status";
        return true;
    });
    if (malformed) {
        stream_error(stream_id, Http2ErrorCode::ProtocolError, "malformed HTTP/2 response head");
        return true;
    }
    if (status < 200) {
        // An interim response: the final one follows. It cannot end the stream.
        if (end_stream)
            stream_error(stream_id, Http2ErrorCode::ProtocolError,
                         "HTTP/2 stream ended by an interim response");
        return true;
    }
    stream.head_received = true;
    Http2StreamListener* listener = stream.listener;
    listener->on_http2_head(status, decoded_);
    if (end_stream) end_stream_of(stream_id);
    return true;
}

bool Http2ClientSession::handle_data(const Http2Frame& frame) {
    if (frame.stream_id == 0)
        return connection_error(Http2ErrorCode::ProtocolError, "HTTP/2 DATA on stream 0");
    if (frame.stream_id >= next_stream_id_ || frame.stream_id % 2 == 0)
        return connection_error(Http2ErrorCode::ProtocolError,
                                "HTTP/2 DATA on a stream this side did not open");
    const auto size = static_cast<std::int64_t>(frame.payload.size());
    connection_receive_window_ -= size;
    if (connection_receive_window_ < 0)
        return connection_error(Http2ErrorCode::FlowControlError,
                                "HTTP/2 server overran the connection window");
    // The connection's credit goes back on arrival: what a stream holds unread is bounded by its
    // own window, and a reader that falls behind must not hold up the other streams.
    credit_connection(frame.payload.size());
    std::string_view content;
    if (!unpad(frame, content))
        return connection_error(Http2ErrorCode::ProtocolError, "HTTP/2 padding too long");
    const auto found = streams_.find(frame.stream_id);
    if (found == streams_.end()) return true;  // cancelled here, or already over
    Stream& stream = found->second;
    stream.receive_window -= size;
    if (stream.receive_window < 0) {
        stream_error(frame.stream_id, Http2ErrorCode::FlowControlError,
                     "HTTP/2 server overran the stream window");
        return true;
    }
    if (!stream.head_received) {
        stream_error(frame.stream_id, Http2ErrorCode::ProtocolError,
                     "HTTP/2 DATA before the response head");
        return true;
    }
    const std::size_t padding = frame.payload.size() - content.size();
    if (padding > 0) consumed(frame.stream_id, padding);
    const std::uint32_t stream_id = frame.stream_id;
    if (!content.empty()) stream.listener->on_http2_data(content);
    // The listener may have cancelled the stream.
    if (frame.has(http2_flag::kEndStream) && streams_.count(stream_id) != 0)
        end_stream_of(stream_id);
    return true;
}

void Http2ClientSession::end_stream_of(std::uint32_t stream_id) {
    const auto found = streams_.find(stream_id);
    if (found == streams_.end()) return;
    Http2StreamListener* listener = found->second.listener;
    // A response complete before its request (an early error status): the rest is not sent.
    if (!found->second.end_sent) append_rst_stream(output_, stream_id, Http2ErrorCode::Cancel);
    streams_.erase(found);
    listener->on_http2_end();
}

bool Http2ClientSession::handle_window_update(const Http2Frame& frame) {
    if (frame.payload.size() != 4)
        return connection_error(Http2ErrorCode::FrameSizeError,
                                "HTTP/2 WINDOW_UPDATE of the wrong size");
    const std::uint32_t increment = read_http2_u32(frame.payload) & kHttp2MaxStreamId;
    if (frame.stream_id == 0) {
        if (increment == 0)
            return connection_error(Http2ErrorCode::ProtocolError, "HTTP/2 WINDOW_UPDATE of zero");
        connection_send_window_ += increment;
        if (connection_send_window_ > kHttp2MaxWindow)
            return connection_error(Http2ErrorCode::FlowControlError,
                                    "HTTP/2 connection window over 2^31-1");
    } else {
        const auto found = streams_.find(frame.stream_id);
        if (found == streams_.end()) return true;
        if (increment == 0) {
            stream_error(frame.stream_id, Http2ErrorCode::ProtocolError,
                         "HTTP/2 WINDOW_UPDATE of zero");
            return true;
        }
        found->second.send_window += increment;
        if (found->second.send_window > kHttp2MaxWindow) {
            stream_error(frame.stream_id, Http2ErrorCode::FlowControlError,
                         "HTTP/2 stream window over 2^31-1");
            return true;
        }
    }
    send_bodies();
    return true;
}

bool Http2ClientSession::handle_rst_stream(const Http2Frame& frame) {
    if (frame.stream_id == 0)
        return connection_error(Http2ErrorCode::ProtocolError, "HTTP/2 RST_STREAM on stream 0");
    if (frame.payload.size() != 4)
        return connection_error(Http2ErrorCode::FrameSizeError,
                                "HTTP/2 RST_STREAM of the wrong size");
    const std::uint32_t code = read_http2_u32(frame.payload);
    Http2StreamFailure failure;
    failure.code = code;
    failure.message = "HTTP/2 stream reset by the server: " + http2_error_name(code);
    failure.reset_by_server = true;
    failure.unprocessed = code == static_cast<std::uint32_t>(Http2ErrorCode::RefusedStream);
    fail_stream(frame.stream_id, std::move(failure));
    return true;
}

bool Http2ClientSession::handle_goaway(const Http2Frame& frame) {
    if (frame.stream_id != 0)
        return connection_error(Http2ErrorCode::ProtocolError, "HTTP/2 GOAWAY on a stream");
    if (frame.payload.size() < 8)
        return connection_error(Http2ErrorCode::FrameSizeError, "HTTP/2 GOAWAY too short");
    going_away_ = true;
    const std::uint32_t last_stream = read_http2_u32(frame.payload) & kHttp2MaxStreamId;
    const std::uint32_t code = read_http2_u32(frame.payload.substr(4));
    std::vector<std::uint32_t> unprocessed;
    for (const auto& [id, stream] : streams_) {
        if (id > last_stream) unprocessed.push_back(id);
    }
    for (const std::uint32_t id : unprocessed) {
        Http2StreamFailure failure;
        failure.code = code;
        failure.message = "HTTP/2 server going away (" + http2_error_name(code) + ")";
        failure.unprocessed = true;
        fail_stream(id, std::move(failure));
    }
    return true;
}

bool Http2ClientSession::handle_ping(const Http2Frame& frame) {
    if (frame.stream_id != 0)
        return connection_error(Http2ErrorCode::ProtocolError, "HTTP/2 PING on a stream");
    if (frame.payload.size() != 8)
        return connection_error(Http2ErrorCode::FrameSizeError, "HTTP/2 PING of the wrong size");
    if (!frame.has(http2_flag::kAck))
        append_http2_frame(output_, Http2FrameType::Ping, http2_flag::kAck, 0, frame.payload);
    return true;
}

void Http2ClientSession::fail_stream(std::uint32_t stream_id, Http2StreamFailure failure) {
    const auto found = streams_.find(stream_id);
    if (found == streams_.end()) return;
    Http2StreamListener* listener = found->second.listener;
    failure.response_started = found->second.head_received;
    streams_.erase(found);
    listener->on_http2_failure(failure);
}

void Http2ClientSession::stream_error(std::uint32_t stream_id, Http2ErrorCode code,
                                      std::string message) {
    if (streams_.count(stream_id) == 0) return;
    append_rst_stream(output_, stream_id, code);
    Http2StreamFailure failure;
    failure.code = static_cast<std::uint32_t>(code);
    failure.message = std::move(message);
    fail_stream(stream_id, std::move(failure));
}

void Http2ClientSession::append_goaway(Http2ErrorCode code) {
    std::string payload;
    append_http2_u32(payload, 0);  // this side accepts no streams from the server
    append_http2_u32(payload, static_cast<std::uint32_t>(code));
    append_http2_frame(output_, Http2FrameType::GoAway, 0, 0, payload);
}

void Http2ClientSession::say_goodbye() {
    if (!failed_) append_goaway(Http2ErrorCode::NoError);
}

bool Http2ClientSession::connection_error(Http2ErrorCode code, std::string message) {
    append_goaway(code);
    Http2StreamFailure failure;
    failure.code = static_cast<std::uint32_t>(code);
    failure.message = message;
    failed_ = true;
    error_ = std::move(message);
    fail_all(failure);
    return false;
}

void Http2ClientSession::lose_transport(const std::string& message) {
    if (failed_) return;
    failed_ = true;
    error_ = message;
    Http2StreamFailure failure;
    failure.code = static_cast<std::uint32_t>(Http2ErrorCode::NoError);
    failure.message = message;
    failure.transport_lost = true;
    fail_all(failure);
}

void Http2ClientSession::fail_all(const Http2StreamFailure& failure) {
    // One at a time: a listener may act on the session (cancel another stream) as it is told.
    while (!streams_.empty()) fail_stream(streams_.begin()->first, failure);
}

}  // namespace lapce_ai::providers
