#include "prompt_proto.h"

namespace lapce_ai::prompts {

void to_proto(const PromptComponent& component, ipc::proto::PromptComponent& out) {
    LAPCE_AI_COPY_OPTIONAL_TO_PROTO(component, out, role_definition);
    LAPCE_AI_COPY_OPTIONAL_TO_PROTO(component, out, when_to_use);
    LAPCE_AI_COPY_OPTIONAL_TO_PROTO(component, out, description);
    LAPCE_AI_COPY_OPTIONAL_TO_PROTO(component, out, custom_instructions);
}

PromptComponent from_proto(const ipc::proto::PromptComponent& component) {
    PromptComponent out;
    LAPCE_AI_COPY_OPTIONAL_FROM_PROTO(component, out, role_definition);
    LAPCE_AI_COPY_OPTIONAL_FROM_PROTO(component, out, when_to_use);
    LAPCE_AI_COPY_OPTIONAL_FROM_PROTO(component, out, description);
    LAPCE_AI_COPY_OPTIONAL_FROM_PROTO(component, out, custom_instructions);
    return out;
}

void to_proto(const ModeConfig& mode, ipc::proto::ModeConfig& out) {
    out.set_slug(mode.slug);
    out.set_name(mode.name);
    out.set_role_definition(mode.role_definition);
    LAPCE_AI_COPY_OPTIONAL_TO_PROTO(mode, out, when_to_use);
    LAPCE_AI_COPY_OPTIONAL_TO_PROTO(mode, out, description);
    LAPCE_AI_COPY_OPTIONAL_TO_PROTO(mode, out, custom_instructions);
    LAPCE_AI_COPY_OPTIONAL_TO_PROTO(mode, out, source);
    for (const GroupEntry& group : mode.groups) {
        ipc::proto::GroupEntry* entry = out.add_groups();
        entry->set_name(group.name);
        if (group.options) {
            ipc::proto::GroupOptions* options = entry->mutable_options();
            LAPCE_AI_COPY_OPTIONAL_TO_PROTO(*group.options, *options, file_regex);
            LAPCE_AI_COPY_OPTIONAL_TO_PROTO(*group.options, *options, description);
        }
    }
}

ModeConfig from_proto(const ipc::proto::ModeConfig& mode) {
    ModeConfig out;
    out.slug = mode.slug();
    out.name = mode.name();
    out.role_definition = mode.role_definition();
    LAPCE_AI_COPY_OPTIONAL_FROM_PROTO(mode, out, when_to_use);
    LAPCE_AI_COPY_OPTIONAL_FROM_PROTO(mode, out, description);
    LAPCE_AI_COPY_OPTIONAL_FROM_PROTO(mode, out, custom_instructions);
    LAPCE_AI_COPY_OPTIONAL_FROM_PROTO(mode, out, source);
    for (const ipc::proto::GroupEntry& entry : mode.groups()) {
        GroupEntry group{entry.name(), std::nullopt};
        if (entry.has_options()) {
            GroupOptions options;
            LAPCE_AI_COPY_OPTIONAL_FROM_PROTO(entry.options(), options, file_regex);
            LAPCE_AI_COPY_OPTIONAL_FROM_PROTO(entry.options(), options, description);
            group.options = std::move(options);
        }
        out.groups.push_back(std::move(group));
    }
    return out;
}

void to_proto(const CustomModePrompts& prompts,
              google::protobuf::Map<std::string, ipc::proto::PromptComponent>& out) {
    for (const auto& [slug, component] : prompts) to_proto(component, out[slug]);
}

CustomModePrompts from_proto(
    const google::protobuf::Map<std::string, ipc::proto::PromptComponent>& prompts) {
    CustomModePrompts out;
    for (const auto& [slug, component] : prompts) out.emplace(slug, from_proto(component));
    return out;
}

void to_proto(const Experiments& experiments, ipc::proto::Experiments& out) {
    auto& flags = *out.mutable_flags();
    for (const auto& [id, on] : experiments.flags) flags[id] = on;
}

Experiments from_proto(const ipc::proto::Experiments& experiments) {
    Experiments out;
    for (const auto& [id, on] : experiments.flags()) out.flags.emplace(id, on);
    return out;
}

}  // namespace lapce_ai::prompts
