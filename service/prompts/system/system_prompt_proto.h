#pragma once

// SystemPromptInput to and from its wire form (BuildSystemPromptRequest).

#include "lapce_ai.pb.h"
#include "system_prompt.h"

namespace lapce_ai::prompts {

ipc::proto::BuildSystemPromptRequest to_proto(const SystemPromptInput& input);
SystemPromptInput system_prompt_input_from_proto(
    const ipc::proto::BuildSystemPromptRequest& request);

}  // namespace lapce_ai::prompts
