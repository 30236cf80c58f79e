#include "vercel_ai_gateway.h"

#include "axios_get.h"
#include "cost.h"
#include "json_access.h"
#include "model_tables.h"

namespace lapce_ai::providers {

using json::OrderedJson;

ModelInfo parse_vercel_ai_gateway_model(std::string_view id, const OrderedJson& model) {
    const OrderedJson* pricing = js_get(&model, "pricing");
    const OrderedJson* cache_write = js_get(pricing, "input_cache_write");
    const OrderedJson* cache_read = js_get(pricing, "input_cache_read");
    const std::optional<double> cache_writes_price =
        js_truthy(cache_write) ? parse_api_price(*cache_write) : std::nullopt;
    const std::optional<double> cache_reads_price =
        js_truthy(cache_read) ? parse_api_price(*cache_read) : std::nullopt;
    const bool supports_prompt_cache = cache_writes_price && cache_reads_price;
    const bool vision_and_tools =
        model_constant_has("VERCEL_AI_GATEWAY_VISION_AND_TOOLS_MODELS", id);
    const bool supports_images =
        model_constant_has("VERCEL_AI_GATEWAY_VISION_ONLY_MODELS", id) || vision_and_tools;

    ModelInfo info;
    if (const OrderedJson* max_tokens = js_get(&model, "max_tokens"))
        info.set("maxTokens", *max_tokens);
    if (const OrderedJson* context = js_get(&model, "context_window"))
        info.set("contextWindow", *context);
    info.set("supportsImages", OrderedJson::boolean(supports_images));
    info.set("supportsComputerUse", OrderedJson::boolean(vision_and_tools));
    info.set("supportsPromptCache", OrderedJson::boolean(supports_prompt_cache));
    const OrderedJson* input = js_get(pricing, "input");
    const OrderedJson* output = js_get(pricing, "output");
    if (const auto price = input ? parse_api_price(*input) : std::nullopt)
        info.set("inputPrice", OrderedJson::number(*price));
    if (const auto price = output ? parse_api_price(*output) : std::nullopt)
        info.set("outputPrice", OrderedJson::number(*price));
    if (cache_writes_price) info.set("cacheWritesPrice", OrderedJson::number(*cache_writes_price));
    if (cache_reads_price) info.set("cacheReadsPrice", OrderedJson::number(*cache_reads_price));
    if (const OrderedJson* description = js_get(&model, "description"))
        info.set("description", *description);
    return info;
}

Task<ModelRecord> get_vercel_ai_gateway_models(HttpClient& http) {
    ModelRecord models;
    OrderedJson body;
    bool fetched = false;
    try {
        body = co_await axios_get(http, "https://ai-gateway.vercel.sh/v1/models");
        fetched = true;
    } catch (const ProviderError&) {
        // "Error fetching Vercel AI Gateway models: …" (logged by the reference)
    }
    const OrderedJson* data = fetched ? js_get(&body, "data") : nullptr;
    if (data == nullptr || !data->is_array()) co_return models;
    for (const OrderedJson& model : data->items()) {
        if (!model.is_object()) break;  // reading its fields throws: caught
        // Only language models serve chat; embedding models are listed elsewhere.
        if (!js_string(model.find("type")).has_value() ||
            *js_string(model.find("type")) != "language")
            continue;
        const OrderedJson* id = model.find("id");
        const std::string key = id == nullptr     ? std::string("undefined")
                                : id->is_string() ? id->as_string()
                                                  : json::js_to_string(*id);
        models[key] = parse_vercel_ai_gateway_model(key, model);
    }
    co_return models;
}

}  // namespace lapce_ai::providers
