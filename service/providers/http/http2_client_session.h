#pragma once

// The client side of one HTTP/2 connection (RFC 9113) as a state machine without I/O: bytes from
// the server go in through receive(), the bytes to send collect in output(), and each request's
// stream reports to its listener. The connection that owns it moves the bytes.
//
// - Requests: HPACK-encoded heads (no dynamic table), bodies cut into DATA frames within the
//   server's flow-control windows and frame size, across as many streams as it allows.
// - Responses: interim heads skipped, trailers ignored, padding removed; the header block is
//   decoded even for a stream this side has let go, so the compression context stays in step.
// - Flow control: a stream may hold kStreamWindow bytes that its reader has not consumed();
//   its credit goes back as the reader consumes, so a slow reader makes the server wait instead
//   of filling memory. The connection's window (kConnectionWindow) is credited as data arrives,
//   so one slow reader never holds up the connection's other streams.
// - Push is refused in the SETTINGS this side sends; PING is answered; GOAWAY lets the streams the
//   server took finish and fails the others as never processed (safe to send again).

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "hpack_decoder.h"
#include "http2_frames.h"

namespace lapce_ai::providers {

struct Http2StreamFailure {
    std::uint32_t code = 0;  // the HTTP/2 error code (RST_STREAM's or the connection's)
    std::string message;
    bool reset_by_server = false;  // RST_STREAM from the server
    // The server did not process the request (REFUSED_STREAM, or above GOAWAY's last stream).
    bool unprocessed = false;
    bool response_started = false;  // a response head had arrived
    bool transport_lost = false;    // the connection went (closed, or a socket error)
};

class Http2StreamListener {
  public:
    // The final head (1xx heads are skipped); `headers` without the pseudo-headers, in order.
    virtual void on_http2_head(int status, std::vector<HpackHeader>& headers) = 0;
    virtual void on_http2_data(std::string_view data) = 0;
    virtual void on_http2_end() = 0;  // the response is complete; the stream is gone
    virtual void on_http2_failure(const Http2StreamFailure& failure) = 0;  // the stream is gone
    // From the connection, not the session: the whole request has left for the server.
    virtual void on_http2_request_sent() = 0;

  protected:
    ~Http2StreamListener() = default;
};

class Http2ClientSession {
  public:
    static constexpr std::uint32_t kStreamWindow = 256 * 1024;
    static constexpr std::uint32_t kConnectionWindow = 4 * 1024 * 1024;
    static constexpr std::size_t kHeaderBlockLimit = 64 * 1024;

    // Queues the connection preface, SETTINGS and the connection window's increase.
    Http2ClientSession();

    // The bytes to send, in order; the owner writes them and clears it.
    std::string& output() { return output_; }

    // Takes bytes from the server. false once the connection has failed (then error() says why,
    // a GOAWAY is queued and every stream has been failed).
    bool receive(std::string_view bytes);
    // This side closes the connection: queues GOAWAY(NO_ERROR).
    void say_goodbye();
    // The transport is gone: fails every stream with `message`.
    void lose_transport(const std::string& message);

    bool failed() const { return failed_; }
    bool going_away() const { return going_away_; }
    const std::string& error() const { return error_; }
    bool can_open() const;
    std::size_t open_streams() const { return streams_.size(); }

    // Starts a request; `headers` are lowercase, the pseudo-headers first. Returns its stream id,
    // 0 when no stream can start (see can_open()).
    std::uint32_t open(Http2StreamListener& listener, const std::vector<HpackHeader>& headers,
                       std::string body);
    // Streams whose request has been queued whole in output() since the last call.
    std::vector<std::uint32_t> take_written_streams();
    Http2StreamListener* listener_of(std::uint32_t stream_id) const;
    // The reader took `bytes` of the stream's data: the stream's flow-control credit goes back.
    void consumed(std::uint32_t stream_id, std::size_t bytes);
    // This side no longer wants the stream: RST_STREAM(CANCEL), the listener is forgotten.
    void cancel(std::uint32_t stream_id);

  private:
    struct Stream {
        Http2StreamListener* listener = nullptr;
        std::string body;
        std::size_t body_sent = 0;
        bool end_sent = false;
        bool head_received = false;
        std::int64_t send_window = 0;
        std::int64_t receive_window = kStreamWindow;
        std::size_t uncredited = 0;  // consumed, not yet given back by WINDOW_UPDATE
    };

    bool handle(const Http2Frame& frame);
    bool handle_settings(const Http2Frame& frame);
    bool handle_headers(const Http2Frame& frame);
    bool handle_header_block(std::uint32_t stream_id, bool end_stream);
    bool handle_data(const Http2Frame& frame);
    bool handle_window_update(const Http2Frame& frame);
    bool handle_rst_stream(const Http2Frame& frame);
    bool handle_goaway(const Http2Frame& frame);
    bool handle_ping(const Http2Frame& frame);
    bool connection_error(Http2ErrorCode code, std::string message);
    void append_goaway(Http2ErrorCode code);
    void stream_error(std::uint32_t stream_id, Http2ErrorCode code, std::string message);
    void fail_stream(std::uint32_t stream_id, Http2StreamFailure failure);
    void fail_all(const Http2StreamFailure& failure);
    void end_stream_of(std::uint32_t stream_id);
    void send_bodies();
    void credit_connection(std::size_t bytes);
    // A frame's padding removed (DATA, HEADERS); false if the padding is longer than the frame.
    static bool unpad(const Http2Frame& frame, std::string_view& content);

    std::string output_;
    Http2FrameReader reader_;
    HpackDecoder decoder_;
    std::map<std::uint32_t, Stream> streams_;
    std::vector<std::uint32_t> written_;
    std::uint32_t next_stream_id_ = 1;
    std::int64_t connection_send_window_ = 65535;
    std::int64_t connection_receive_window_ = kConnectionWindow;
    std::size_t connection_uncredited_ = 0;
    std::int64_t peer_initial_window_ = 65535;
    std::size_t peer_max_frame_ = kHttp2DefaultMaxFrameBytes;
    // Until the server's SETTINGS says: 100, the least RFC 9113 recommends servers allow.
    std::size_t peer_max_streams_ = 100;
    bool announce_table_size_ = true;
    bool settings_received_ = false;
    bool going_away_ = false;
    bool failed_ = false;
    std::string error_;
    // A header block in CONTINUATION frames: its stream, its END_STREAM, the bytes so far.
    std::uint32_t continued_stream_ = 0;
    bool continued_end_stream_ = false;
    std::string header_block_;
    std::vector<HpackHeader> decoded_;
};

}  // namespace lapce_ai::providers
