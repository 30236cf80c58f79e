#pragma once

// The `stream` of a ConverseStream response as the SDK hands it out (de_ConverseStreamOutput
// over @smithy/eventstream-serde-universal): each event message becomes `{<event type>: data}`
// with data deserialized as the SDK's shapes do (unknown members of typed shapes dropped,
// unions checked), events of unknown types are skipped, and exception or error messages are
// thrown.

#include <memory>
#include <optional>
#include <vector>

#include "event_stream.h"
#include "http_response.h"
#include "ordered_json.h"
#include "task.h"

namespace lapce_ai::providers {

class ConverseStreamOutput {
  public:
    explicit ConverseStreamOutput(std::unique_ptr<HttpResponse> response);
    ~ConverseStreamOutput();
    ConverseStreamOutput(const ConverseStreamOutput&) = delete;
    ConverseStreamOutput& operator=(const ConverseStreamOutput&) = delete;

    // The next event; nullopt at the end of the stream.
    Task<std::optional<json::OrderedJson>> next();

  private:
    std::unique_ptr<HttpResponse> response_;
    EventStreamDecoder decoder_;
    std::vector<EventStreamMessage> pending_;
    std::size_t next_pending_ = 0;
    std::optional<EventStreamError> deferred_error_;
    bool ended_ = false;
};

// The deserialized event of one event-stream message of type "event"; nullopt for an event
// type the SDK does not know. Throws the SDK's TypeErrors and JSON.parse's SyntaxError.
std::optional<json::OrderedJson> deserialize_converse_stream_event(
    const EventStreamMessage& message);

}  // namespace lapce_ai::providers
