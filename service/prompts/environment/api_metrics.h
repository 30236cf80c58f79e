#pragma once

// src/shared/getApiMetrics.ts over the task's messages (packages/types ClineMessage), reduced to
// the fields it reads.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lapce_ai::prompts {

struct ContextCondense {
    std::optional<double> cost;
    std::optional<double> new_context_tokens;
};

struct ClineMessage {
    std::string type;                 // "ask" or "say"
    std::optional<std::string> say;   // e.g. "api_req_started", "condense_context"
    std::optional<std::string> text;  // api_req_started: JSON with tokensIn, tokensOut, cost...
    std::optional<ContextCondense> context_condense;
};

// packages/types TokenUsage
struct TokenUsage {
    double total_tokens_in = 0;
    double total_tokens_out = 0;
    std::optional<double> total_cache_writes;
    std::optional<double> total_cache_reads;
    double total_cost = 0;
    double context_tokens = 0;
};

TokenUsage get_api_metrics(const std::vector<ClineMessage>& messages);

}  // namespace lapce_ai::prompts
