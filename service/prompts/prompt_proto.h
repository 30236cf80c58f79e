#pragma once

// The prompt types shared by several requests (ModeConfig, PromptComponent, custom mode prompts,
// experiments) to and from their protobuf messages.

#include <google/protobuf/map.h>

#include <string>

#include "lapce_ai.pb.h"
#include "prompt_types.h"

namespace lapce_ai::prompts {

void to_proto(const PromptComponent& component, ipc::proto::PromptComponent& out);
PromptComponent from_proto(const ipc::proto::PromptComponent& component);

void to_proto(const ModeConfig& mode, ipc::proto::ModeConfig& out);
ModeConfig from_proto(const ipc::proto::ModeConfig& mode);

void to_proto(const CustomModePrompts& prompts,
              google::protobuf::Map<std::string, ipc::proto::PromptComponent>& out);
CustomModePrompts from_proto(
    const google::protobuf::Map<std::string, ipc::proto::PromptComponent>& prompts);

void to_proto(const Experiments& experiments, ipc::proto::Experiments& out);
Experiments from_proto(const ipc::proto::Experiments& experiments);

}  // namespace lapce_ai::prompts

// Optional proto3 scalars: has_x() / x() / set_x().
#define LAPCE_AI_COPY_OPTIONAL_TO_PROTO(source, target, field) \
    if ((source).field) (target).set_##field(*(source).field)
#define LAPCE_AI_COPY_OPTIONAL_FROM_PROTO(source, target, field) \
    if ((source).has_##field()) (target).field = (source).field()
