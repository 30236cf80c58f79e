#pragma once

// Incremental server-sent-events decoder for response bodies fed in arbitrary byte slices.
//
// Dialect::Whatwg is the HTML standard's event-stream interpretation (a leading BOM dropped;
// lines end with CRLF, LF or CR; ":" comments; event, data, id and retry fields; one space after
// the colon dropped; a blank line dispatches; an event without data is not dispatched; at the end
// of the body a pending event is discarded).
//
// The SDKs the reference uses read the stream their own way, and Dialect reproduces each:
// - OpenAiSdk: openai@5.12.2 (src/core/streaming.ts SSEDecoder over internal/decoders/line.ts).
//   Only `event` and `data` are read; a blank line dispatches when an event name or any data line
//   was seen (an event with data lines but no name has no event; `data:` alone is one empty data
//   line); id and retry are ignored; at the end of the body the unterminated last line is still
//   read, but a pending event is never dispatched. Each line is decoded by its own
//   TextDecoder.decode call, which drops a BOM at the start of every line.
// - AnthropicSdk: @anthropic-ai/sdk@0.37.0 (src/streaming.ts), the same reader, but lines are
//   decoded with Buffer.toString() under Node, which keeps a BOM.
// What an `event: error` or a `[DONE]` data line means is the caller's business, as in the SDKs.
// @google/genai reads its stream differently: see genai_sse_reader.h.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "expected.h"
#include "function_ref.h"
#include "line_buffer.h"
#include "stream_decode_error.h"

namespace lapce_ai::providers {

// Views into the decoder, valid during the callback only.
struct SseEvent {
    // Whatwg: the event type ("message" unless an event field named one). SDK dialects: the last
    // event field's value, nullopt (JavaScript null) when the event had none.
    std::optional<std::string_view> event;
    // The data lines joined with "\n".
    std::string_view data;
    // Whatwg: the last event ID buffer when the event was dispatched; empty in SDK dialects.
    std::string_view last_event_id;
};

class SseDecoder {
  public:
    enum class Dialect { Whatwg, OpenAiSdk, AnthropicSdk };

    explicit SseDecoder(Dialect dialect = Dialect::Whatwg,
                        std::size_t max_bytes = kDefaultStreamDecodeLimit);

    using EventSink = FunctionRef<void(const SseEvent&)>;

    // Dispatches every event completed by bytes. A line or an event's data longer than max_bytes
    // is an error, after which the decoder takes no more input.
    Expected<void, StreamDecodeError> feed(std::string_view bytes, EventSink on_event);

    // The end of the body (see the dialects for what happens to an unterminated line).
    Expected<void, StreamDecodeError> finish(EventSink on_event);

    // Whatwg: the reconnection time of the last valid retry field, in milliseconds.
    std::optional<std::uint64_t> retry_milliseconds() const { return retry_; }

  private:
    bool process_line(std::string_view line, EventSink on_event);
    bool dispatch(EventSink on_event);
    bool append_data(std::string_view value);
    void set_field(std::string_view field, std::string_view value);

    Dialect dialect_;
    std::size_t max_bytes_;
    LineBuffer lines_;
    std::string data_;
    std::size_t data_lines_ = 0;
    std::string event_;
    bool has_event_ = false;
    std::string last_event_id_;
    std::optional<std::uint64_t> retry_;
    std::optional<StreamDecodeError> error_;
};

}  // namespace lapce_ai::providers
