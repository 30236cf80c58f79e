#pragma once

// The Responses API stream events of OpenAiNativeHandler (src/api/providers/openai-native.ts):
// processEvent for the events the openai SDK yields, and handleStreamResponse, the reference's
// own reader of the raw fetch fallback, which knows more event kinds and fallbacks.

#include <optional>
#include <string>
#include <string_view>

#include "api_model.h"
#include "api_stream.h"
#include "http_response.h"
#include "ordered_json.h"
#include "task.h"

namespace lapce_ai::providers {

// What the events update on the handler: the response id for conversation continuity, the
// service tier OpenAI actually used, and the pricing of usage.
class ResponsesEventHost {
  public:
    virtual void resolve_response_id(std::optional<std::string> response_id) = 0;
    virtual void set_last_service_tier(std::string service_tier) = 0;
    virtual std::optional<ApiStreamUsage> normalize_usage(const json::OrderedJson* usage,
                                                          const ApiModel& model) = 0;

  protected:
    ~ResponsesEventHost() = default;
};

// processEvent: text / reasoning / refusal deltas, `response.output_item.added`, usage on
// `response.completed` / `response.done`, and the Chat Completions shapes as fallback.
void process_event(const json::OrderedJson& event, const ApiModel& model, ResponsesEventHost& host,
                   ChunkSink& sink);

// handleStreamResponse: reads the body line by line (`data: ` lines as JSON events, other lines
// as possible bare JSON) until it ends. Failures are thrown as
// `Error processing response stream: <message>`.
Task<void> handle_stream_response(HttpResponse& body, const ApiModel& model,
                                  ResponsesEventHost& host, ChunkSink& sink);

}  // namespace lapce_ai::providers
