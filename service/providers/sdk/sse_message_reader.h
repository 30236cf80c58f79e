#pragma once

// Server-sent events of a streaming response, one at a time, read the way the given SDK reads
// them (SseDecoder's dialects): the body is decoded incrementally as it arrives.

#include <deque>
#include <memory>
#include <optional>
#include <string>

#include "http_response.h"
#include "sse_decoder.h"
#include "task.h"

namespace lapce_ai::providers {

struct SseMessage {
    std::optional<std::string> event;  // null when the event had no `event:` field
    std::string data;
};

class SseMessageReader {
  public:
    SseMessageReader(HttpResponse& response, SseDecoder::Dialect dialect);

    // The next event, nullopt at the end of the body. Throws TransportError when the body was
    // cut, and ProviderError when the stream exceeds the decoder's limits.
    Task<std::optional<SseMessage>> next();

  private:
    HttpResponse& response_;
    SseDecoder decoder_;
    std::deque<SseMessage> ready_;
    bool ended_ = false;
};

}  // namespace lapce_ai::providers
