#pragma once

// The parts of @mistralai/mistralai 1.9.18 (a Speakeasy-generated SDK) the reference's
// MistralHandler uses: `chat.stream` and `chat.complete` on POST {serverURL}/v1/chat/completions
// with bearer auth and no retries, the response matching of lib/matchers.ts (SDKError
// "API error occurred: Status … Content-Type … Body …", HTTPValidationError for 422,
// ConnectionError "Unable to make request: TypeError: fetch failed") and the zod decoding of
// each streamed event (CompletionEvent).

#include <memory>
#include <string>

#include <QUrl>

#include "http_client.h"
#include "ordered_json.h"
#include "speakeasy_event_stream.h"
#include "task.h"

namespace lapce_ai::providers {

class MistralClient {
  public:
    // new Mistral({serverURL, apiKey}): throws ProviderError{"TypeError", "Invalid URL"}.
    MistralClient(const std::string& server_url, std::string api_key, HttpClient& http);

    // The request bodies are given as the SDK puts them on the wire (snake_case, its key order).
    // chat.stream: the 200 text/event-stream response, its body unread.
    Task<std::unique_ptr<HttpResponse>> chat_stream(json::OrderedJson body);
    // chat.complete: the parsed JSON of the 200 application/json response.
    Task<json::OrderedJson> chat_complete(json::OrderedJson body);

  private:
    Task<std::unique_ptr<HttpResponse>> send(const json::OrderedJson& body, const char* accept);
    // M.match: returns when the response is the expected success, throws the SDK's error.
    Task<void> match_response(HttpResponse& response, const char* success_type);

    QUrl endpoint_;
    std::string api_key_;
    HttpClient& http_;
};

// CompletionEvent$inboundSchema.parse(event): the chunk `event.data` holds. Throws ZodError
// (its message the issues as JSON) for data that is missing, not JSON or not a chunk.
json::OrderedJson decode_completion_event(const SpeakeasyEvent& event);

}  // namespace lapce_ai::providers
