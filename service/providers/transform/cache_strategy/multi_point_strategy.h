#pragma once

// The Bedrock prompt-cache strategy (src/api/transform/cache-strategy/{types,base-strategy,
// multi-point-strategy}.ts): where {cachePoint: {type: "default"}} markers go, after the system
// prompt and after user messages, as soon as the uncached tokens (a word-count estimate) reach
// the model's minimum per cache point. Placements are returned so that the caller can pass them
// back for the next request of the same conversation.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "ordered_json.h"

namespace lapce_ai::providers {

// ModelInfo of cache-strategy/types.ts.
struct CacheModelInfo {
    double max_tokens = 0;
    double context_window = 0;
    bool supports_prompt_cache = false;
    double max_cache_points = 0;
    double min_tokens_per_cache_point = 0;
    std::vector<std::string> cachable_fields;  // "system" | "messages" | "tools"
};

struct CachePointPlacement {
    std::size_t index = 0;
    std::string type;  // "system" | "message"
    double tokens_covered = 0;
};

struct CacheStrategyConfig {
    CacheModelInfo model_info;
    std::optional<std::string> system_prompt;
    json::OrderedJson messages;  // Anthropic MessageParam[]
    bool use_prompt_cache = false;
    std::optional<std::vector<CachePointPlacement>> previous_cache_point_placements;
};

struct CacheResult {
    json::OrderedJson system;    // SystemContentBlock[]
    json::OrderedJson messages;  // Message[] (the strategy's own simple conversion)
    std::optional<std::vector<CachePointPlacement>> message_cache_point_placements;
};

class MultiPointStrategy {
  public:
    explicit MultiPointStrategy(CacheStrategyConfig config);

    CacheResult determine_optimal_cache_points() const;

  private:
    std::vector<CachePointPlacement> determine_message_cache_points(
        double min_tokens_per_point, double remaining_cache_points) const;
    std::optional<CachePointPlacement> find_optimal_placement_for_range(
        std::size_t start_index, std::size_t end_index, double min_tokens_per_point) const;
    CacheResult format_without_cache_points() const;
    bool meets_min_token_threshold(double token_count) const;
    double tokens_of_messages(std::size_t begin, std::size_t end) const;

    CacheStrategyConfig config_;
    double system_token_count_ = 0;
};

// base-strategy.ts's estimates: words × 1.3 + punctuation × 0.3 + newlines × 0.5 (+ 5 for the
// system prompt, + 10 per message, 300 per image block), rounded up.
double estimate_system_tokens(const std::string& text);
double estimate_message_tokens(const json::OrderedJson& message);
// messagesToContentBlocks: Anthropic messages as plain Converse messages (text only).
json::OrderedJson messages_to_content_blocks(const json::OrderedJson& messages);
json::OrderedJson create_cache_point();

}  // namespace lapce_ai::providers
