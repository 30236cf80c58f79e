#pragma once

// Server-sent events of a streaming response, one at a time, read the way the given SDK reads
// them (SseDecoder's dialects): the body is decoded incrementally as it arrives.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

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

    // The next event, valid until the following call; nullptr at the end of the body. Throws
    // TransportError when the body was cut, and ProviderError when the stream exceeds the
    // decoder's limits.
    Task<const SseMessage*> next();

  private:
    void recycle();

    HttpResponse& response_;
    SseDecoder decoder_;
    // The events decoded from the last read; their strings are reused for the next read's.
    std::vector<SseMessage> ready_;
    std::size_t ready_count_ = 0;
    std::size_t next_ready_ = 0;
    bool ended_ = false;
};

}  // namespace lapce_ai::providers
