#include "api_model.h"

namespace lapce_ai::providers {

using json::OrderedJson;

OrderedJson ApiModel::to_json() const {
    OrderedJson object = OrderedJson::object({});
    object.set("id", OrderedJson::string(id));
    object.set("info", info.json());
    if (params) {
        object.set("format", OrderedJson::string(params->format));
        if (params->max_tokens) object.set("maxTokens", OrderedJson::number(*params->max_tokens));
        if (params->temperature)
            object.set("temperature", OrderedJson::number(*params->temperature));
        if (params->reasoning_effort)
            object.set("reasoningEffort", OrderedJson::string(*params->reasoning_effort));
        if (params->reasoning_budget)
            object.set("reasoningBudget", OrderedJson::number(*params->reasoning_budget));
        if (params->verbosity) object.set("verbosity", OrderedJson::string(*params->verbosity));
        if (!params->reasoning.is_null()) object.set("reasoning", params->reasoning);
    }
    if (extra.is_object()) {
        for (const json::OrderedJsonMember& member : extra.members())
            object.set(member.key, member.value);
    }
    return object;
}

}  // namespace lapce_ai::providers
