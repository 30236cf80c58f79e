#pragma once

// The chunks a handler's create_message yields, as src/api/transform/stream.ts declares them.
// Optional fields left undefined by the reference stay empty here (and absent in JSON).

#include <optional>
#include <string>
#include <vector>

#include "ordered_json.h"

namespace lapce_ai::providers {

struct GroundingSource {
    std::string title;
    std::string url;
    std::optional<std::string> snippet;
};

struct ApiStreamUsage {
    double input_tokens = 0;
    double output_tokens = 0;
    std::optional<double> cache_write_tokens;
    std::optional<double> cache_read_tokens;
    std::optional<double> reasoning_tokens;
    std::optional<double> total_cost;
};

struct ApiStreamChunk {
    enum class Type { Text, Reasoning, Usage, Grounding };

    Type type = Type::Text;
    std::string text;  // Text, Reasoning
    ApiStreamUsage usage;
    std::vector<GroundingSource> sources;

    static ApiStreamChunk text_chunk(std::string text);
    static ApiStreamChunk reasoning_chunk(std::string text);
    static ApiStreamChunk usage_chunk(ApiStreamUsage usage);
    static ApiStreamChunk grounding_chunk(std::vector<GroundingSource> sources);
};

// The chunk as the reference's object: {"type":"text","text":…}, {"type":"usage","inputTokens":…}.
json::OrderedJson to_json(const ApiStreamChunk& chunk);

// Where create_message delivers its chunks, in order.
class ChunkSink {
  public:
    virtual ~ChunkSink() = default;
    virtual void on_chunk(ApiStreamChunk chunk) = 0;
};

}  // namespace lapce_ai::providers
