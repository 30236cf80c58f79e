#include "openai_native_usage.h"

#include "cost.h"
#include "json_access.h"

namespace lapce_ai::providers {

using json::OrderedJson;

namespace {

// `a ?? b`: the first of the values that is neither undefined nor null.
const OrderedJson* nullish(std::initializer_list<const OrderedJson*> values) {
    for (const OrderedJson* value : values) {
        if (value != nullptr && !value->is_null()) return value;
    }
    return nullptr;
}

// A token count read with `??`: the number, or `fallback` when nothing usable was found.
double count_or(const OrderedJson* value, double fallback) {
    return js_number(value).value_or(fallback);
}

}  // namespace

ModelInfo apply_service_tier_pricing(const ModelInfo& info,
                                     const std::optional<std::string>& tier) {
    if (!tier || tier->empty() || *tier == "default") return info;
    const OrderedJson* tiers = info.value("tiers");
    const OrderedJson* tier_info = nullptr;
    if (tiers != nullptr && tiers->is_array()) {
        for (const OrderedJson& candidate : tiers->items()) {
            if (js_string(js_get(&candidate, "name")) == *tier) {
                tier_info = &candidate;
                break;
            }
        }
    }
    if (tier_info == nullptr) return info;
    ModelInfo priced = info;
    for (const char* price : {"inputPrice", "outputPrice", "cacheReadsPrice", "cacheWritesPrice"}) {
        // `tierInfo.x ?? info.x`: an undefined result stays an (undefined) property.
        const OrderedJson* value = nullish({js_get(tier_info, price), info.value(price)});
        priced.set(price, value != nullptr ? *value : OrderedJson());
    }
    return priced;
}

std::optional<ApiStreamUsage> normalize_usage(const OrderedJson* usage, const ModelInfo& info,
                                              const std::optional<std::string>& effective_tier) {
    if (!js_truthy(usage)) return std::nullopt;

    const OrderedJson* input_details =
        nullish({js_get(usage, "input_tokens_details"), js_get(usage, "prompt_tokens_details")});
    const std::optional<double> cached = js_number(js_get(input_details, "cached_tokens"));
    const std::optional<double> cache_miss = js_number(js_get(input_details, "cache_miss_tokens"));
    const double cached_from_details = cached.value_or(0);
    const double miss_from_details = cache_miss.value_or(0);

    double total_input_tokens =
        count_or(nullish({js_get(usage, "input_tokens"), js_get(usage, "prompt_tokens")}), 0);
    if (total_input_tokens == 0 && js_truthy(input_details) &&
        (cached_from_details > 0 || miss_from_details > 0))
        total_input_tokens = cached_from_details + miss_from_details;

    const double total_output_tokens =
        count_or(nullish({js_get(usage, "output_tokens"), js_get(usage, "completion_tokens")}), 0);
    const double cache_write_tokens =
        count_or(nullish({js_get(usage, "cache_creation_input_tokens"),
                          js_get(usage, "cache_write_tokens")}),
                 0);
    const double cache_read_tokens =
        count_or(nullish({js_get(usage, "cache_read_input_tokens"),
                          js_get(usage, "cache_read_tokens"), js_get(usage, "cached_tokens")}),
                 cached_from_details);

    const ModelInfo effective_info = apply_service_tier_pricing(info, effective_tier);
    ApiStreamUsage out;
    out.input_tokens = total_input_tokens;
    out.output_tokens = total_output_tokens;
    out.cache_write_tokens = cache_write_tokens;
    out.cache_read_tokens = cache_read_tokens;
    out.reasoning_tokens =
        js_number(js_get(js_get(usage, "output_tokens_details"), "reasoning_tokens"));
    out.total_cost =
        calculate_api_cost_openai(effective_info, total_input_tokens, total_output_tokens,
                                  cache_write_tokens, cache_read_tokens);
    return out;
}

}  // namespace lapce_ai::providers
