#pragma once

// The server-sent-event reader of Speakeasy-generated SDKs (@mistralai/mistralai 1.9.18,
// lib/event-streams.ts), byte for byte: `discardSentinel` cuts the body before the event whose
// data is the sentinel ("[DONE]"), passing on the bytes up to each event boundary it finds
// (its scan skips ahead after each cut, and bytes left without a boundary at the end are
// dropped, as in the SDK); `EventStream` then splits what it receives at "\r\n\r\n", "\r\r"
// or "\n\n" and parses each event (`event`, `data` lines joined with "\n", `id`, `retry`).

#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http_response.h"
#include "task.h"

namespace lapce_ai::providers {

struct SpeakeasyEvent {
    std::optional<std::string> event;
    std::optional<std::string> data;
    std::optional<std::string> id;
    std::optional<double> retry;
};

// parseEvent: nullopt for an empty chunk or one without any field it publishes.
std::optional<SpeakeasyEvent> parse_speakeasy_event(std::string_view chunk);

// discardSentinel, one source read at a time: the chunks it enqueues.
class SpeakeasySentinelFilter {
  public:
    explicit SpeakeasySentinelFilter(std::string sentinel) : sentinel_(std::move(sentinel)) {}
    std::vector<std::string> push(std::string_view bytes);
    std::size_t buffered() const { return buffer_.size(); }

  private:
    std::string sentinel_;
    std::string buffer_;
    std::size_t position_ = 0;
    bool discard_ = false;
};

// EventStream's splitting of the chunks it reads into events.
class SpeakeasyEventSplitter {
  public:
    void feed(std::string_view chunk, std::vector<SpeakeasyEvent>& out);
    void finish(std::vector<SpeakeasyEvent>& out);
    std::size_t buffered() const { return buffer_.size(); }

  private:
    std::string buffer_;
    std::size_t position_ = 0;
};

// The events of a streaming response as `for await (const event of stream)` receives them
// before decoding. Throws undici's TypeError ("terminated") when the body is cut.
class SpeakeasyEventReader {
  public:
    SpeakeasyEventReader(HttpResponse& response, std::string sentinel);
    Task<std::optional<SpeakeasyEvent>> next();

  private:
    HttpResponse& response_;
    SpeakeasySentinelFilter filter_;
    SpeakeasyEventSplitter splitter_;
    std::deque<SpeakeasyEvent> ready_;
    bool ended_ = false;
};

}  // namespace lapce_ai::providers
