#include "reasoning_params.h"

#include "reasoning_support.h"

namespace lapce_ai::providers {
namespace {

using json::OrderedJson;

void set_if_defined(OrderedJson& object, std::string key, const std::optional<double>& value) {
    if (value) object.set(std::move(key), OrderedJson::number(*value));
}

void set_if_defined(OrderedJson& object, std::string key, const std::optional<std::string>& value) {
    if (value) object.set(std::move(key), OrderedJson::string(*value));
}

}  // namespace

OrderedJson get_open_router_reasoning(const GetModelReasoningOptions& options) {
    if (should_use_reasoning_budget(options.model, options.settings)) {
        OrderedJson reasoning = OrderedJson::object({});
        set_if_defined(reasoning, "max_tokens", options.reasoning_budget);
        return reasoning;
    }
    if (should_use_reasoning_effort(options.model, options.settings) && options.reasoning_effort &&
        !options.reasoning_effort->empty()) {
        return OrderedJson::object({{"effort", OrderedJson::string(*options.reasoning_effort)}});
    }
    return {};
}

OrderedJson get_anthropic_reasoning(const GetModelReasoningOptions& options) {
    if (!should_use_reasoning_budget(options.model, options.settings)) return {};
    OrderedJson reasoning = OrderedJson::object({{"type", OrderedJson::string("enabled")}});
    set_if_defined(reasoning, "budget_tokens", options.reasoning_budget);
    return reasoning;
}

OrderedJson get_open_ai_reasoning(const GetModelReasoningOptions& options) {
    if (!should_use_reasoning_effort(options.model, options.settings)) return {};
    // The object stays (even with an undefined effort) so that the request keeps the field.
    if (options.reasoning_effort == "minimal") return {};
    OrderedJson reasoning = OrderedJson::object({});
    set_if_defined(reasoning, "reasoning_effort", options.reasoning_effort);
    return reasoning;
}

OrderedJson get_gemini_reasoning(const GetModelReasoningOptions& options) {
    if (!should_use_reasoning_budget(options.model, options.settings)) return {};
    OrderedJson reasoning = OrderedJson::object({});
    set_if_defined(reasoning, "thinkingBudget", options.reasoning_budget);
    reasoning.set("includeThoughts", OrderedJson::boolean(true));
    return reasoning;
}

}  // namespace lapce_ai::providers
