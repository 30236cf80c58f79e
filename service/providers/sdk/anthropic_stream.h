#pragma once

// How @anthropic-ai/sdk 0.37.0 reads a Messages API response (shared by every handler that
// speaks through that SDK: anthropic, anthropic-vertex).

#include <memory>
#include <optional>
#include <string>

#include "http_response.h"
#include "ordered_json.h"
#include "task.h"

namespace lapce_ai::providers {

class SseMessageReader;

// Stream.fromSSEResponse (src/streaming.ts): the parsed data of each `completion`, `message_*`
// and `content_block_*` event, in order; `ping` and other events are skipped. An `event: error`
// is thrown as APIError.generate throws it without a status: APIConnectionError with the data as
// message and cause Error("SSE Error: <data>"). Data that is not JSON throws SyntaxError with
// V8's message; a cut body throws node-fetch's Error "Premature close".
class AnthropicEventStream {
  public:
    explicit AnthropicEventStream(std::unique_ptr<HttpResponse> response);
    ~AnthropicEventStream();
    AnthropicEventStream(const AnthropicEventStream&) = delete;
    AnthropicEventStream& operator=(const AnthropicEventStream&) = delete;

    // The next event's data, nullopt at the end of the stream.
    Task<std::optional<json::OrderedJson>> next();

  private:
    std::unique_ptr<HttpResponse> response_;
    std::unique_ptr<SseMessageReader> reader_;
};

// defaultParseResponse (src/core.ts) for a non-streaming call: with a JSON content type the body
// as node-fetch's response.json() parses it (an invalid body throws FetchError "invalid json
// response body at <url> reason: …"), otherwise the body text as a string value.
Task<json::OrderedJson> read_anthropic_response(HttpResponse& response, std::string url);

}  // namespace lapce_ai::providers
