#pragma once

// The prompt layer over IPC: BuildSystemPrompt, FormatResponse, GetEnvironmentDetails.

#include <string>

#include "handler_registry.h"

namespace lapce_ai::ipc {

struct PromptServiceConfig {
    std::string default_profile = "roo";  // identity profile when a request names none
};

void register_prompt_handlers(HandlerRegistry& registry, const PromptServiceConfig& config);

}  // namespace lapce_ai::ipc
