#include "openrouter.h"

#include <cmath>
#include <optional>

#include "axios_get.h"
#include "cost.h"
#include "fetcher_json.h"
#include "json_access.h"
#include "model_tables.h"

namespace lapce_ai::providers {

using json::OrderedJson;

namespace {

constexpr const char* kOpenRouterBaseUrl = "https://openrouter.ai/api/v1";

// isModelParameter (packages/types/src/model.ts)
bool is_model_parameter(const OrderedJson& value) {
    if (!value.is_string()) return false;
    const std::string& name = value.as_string();
    return name == "max_tokens" || name == "temperature" || name == "reasoning" ||
           name == "include_reasoning";
}

bool has_image_output(const OrderedJson* architecture) {
    return fetcher_json::includes(js_get(architecture, "output_modalities"), "image")
        .value_or(false);
}

std::string record_key(const OrderedJson& value) {
    return value.is_string() ? value.as_string() : json::js_to_string(value);
}

void set_price(ModelInfo& info, const char* key, std::optional<double> price) {
    if (price) info.set(key, OrderedJson::number(*price));
}

void set_anthropic_max_tokens(ModelInfo& info, std::string_view anthropic_id) {
    if (const std::optional<ModelInfo> anthropic = find_model_info("anthropic", anthropic_id)) {
        if (const OrderedJson* max = anthropic->value("maxTokens")) info.set("maxTokens", *max);
    }
}

}  // namespace

ModelInfo parse_open_router_model(std::string_view id, const OrderedJson& model,
                                  const OrderedJson* input_modality,
                                  const OrderedJson* output_modality, const OrderedJson* max_tokens,
                                  const OrderedJson* supported_parameters) {
    (void)output_modality;  // passed by the reference, unused there too
    const OrderedJson* pricing = js_get(&model, "pricing");
    const OrderedJson* cache_write = js_get(pricing, "input_cache_write");
    const OrderedJson* cache_read = js_get(pricing, "input_cache_read");
    const std::optional<double> cache_writes_price =
        js_truthy(cache_write) ? parse_api_price(*cache_write) : std::nullopt;
    const std::optional<double> cache_reads_price =
        js_truthy(cache_read) ? parse_api_price(*cache_read) : std::nullopt;
    // Some models cache without charging for cache writes (e.g. GPT-5).
    const bool supports_prompt_cache = cache_reads_price.has_value();

    const OrderedJson* context_length = js_get(&model, "context_length");
    ModelInfo info;
    if (js_truthy(max_tokens)) {
        info.set("maxTokens", *max_tokens);
    } else {
        const double length =
            context_length ? fetcher_json::to_number(*context_length) : std::nan("");
        info.set("maxTokens", OrderedJson::number(std::ceil(length * 0.2)));
    }
    if (context_length != nullptr) info.set("contextWindow", *context_length);
    info.set("supportsImages",
             OrderedJson::boolean(fetcher_json::includes(input_modality, "image").value_or(false)));
    info.set("supportsPromptCache", OrderedJson::boolean(supports_prompt_cache));
    const OrderedJson* prompt = js_get(pricing, "prompt");
    const OrderedJson* completion = js_get(pricing, "completion");
    set_price(info, "inputPrice", prompt ? parse_api_price(*prompt) : std::nullopt);
    set_price(info, "outputPrice", completion ? parse_api_price(*completion) : std::nullopt);
    set_price(info, "cacheWritesPrice", cache_writes_price);
    set_price(info, "cacheReadsPrice", cache_reads_price);
    if (const OrderedJson* description = js_get(&model, "description"))
        info.set("description", *description);
    if (js_truthy(supported_parameters)) {
        info.set("supportsReasoningEffort",
                 OrderedJson::boolean(
                     fetcher_json::includes(supported_parameters, "reasoning").value_or(false)));
        OrderedJson filtered = OrderedJson::array({});
        if (supported_parameters->is_array()) {
            for (const OrderedJson& parameter : supported_parameters->items())
                if (is_model_parameter(parameter)) filtered.push_back(parameter);
        }
        info.set("supportedParameters", std::move(filtered));
    }

    // OpenRouter's model definitions say nothing about computer use.
    if (model_constant_has("OPEN_ROUTER_COMPUTER_USE_MODELS", id))
        info.set("supportsComputerUse", OrderedJson::boolean(true));
    if (model_constant_has("OPEN_ROUTER_REASONING_BUDGET_MODELS", id))
        info.set("supportsReasoningBudget", OrderedJson::boolean(true));
    if (model_constant_has("OPEN_ROUTER_REQUIRED_REASONING_BUDGET_MODELS", id))
        info.set("requiredReasoningBudget", OrderedJson::boolean(true));

    // Backwards compatibility: no extended thinking for anthropic/claude-3.7-sonnet, forced
    // for its :thinking variant.
    if (id == "anthropic/claude-3.7-sonnet") {
        set_anthropic_max_tokens(info, "claude-3-7-sonnet-20250219");
        info.set("supportsReasoningBudget", OrderedJson::boolean(false));
        info.set("supportsReasoningEffort", OrderedJson::boolean(false));
    }
    if (id == "anthropic/claude-3.7-sonnet:thinking")
        set_anthropic_max_tokens(info, "claude-3-7-sonnet-20250219:thinking");
    if (id == "anthropic/claude-opus-4.1")
        set_anthropic_max_tokens(info, "claude-opus-4-1-20250805");
    if (id == "openrouter/horizon-alpha" || id == "openrouter/horizon-beta")
        info.set("maxTokens", OrderedJson::number(32768));
    return info;
}

Task<ModelRecord> get_open_router_models(HttpClient& http) {
    ModelRecord models;
    OrderedJson body;
    bool fetched = false;
    try {
        body = co_await axios_get(http, std::string(kOpenRouterBaseUrl) + "/models");
        fetched = true;
    } catch (const ProviderError&) {
        // "Error fetching OpenRouter models: …" (logged by the reference)
    }
    if (!fetched) co_return models;

    const OrderedJson* data = js_get(&body, "data");
    if (data == nullptr || !data->is_array()) co_return models;  // for…of throws: caught
    for (const OrderedJson& model : data->items()) {
        if (!model.is_object()) break;  // destructuring throws: caught, partial result kept
        const OrderedJson* id = model.find("id");
        const OrderedJson* architecture = js_get(&model, "architecture");
        const OrderedJson* top_provider = js_get(&model, "top_provider");
        static const OrderedJson no_parameters = OrderedJson::array({});
        const OrderedJson* supported_parameters = model.find("supported_parameters");
        if (supported_parameters == nullptr) supported_parameters = &no_parameters;

        // Image generation models are skipped.
        if (has_image_output(architecture)) continue;

        const std::string key = id ? record_key(*id) : std::string("undefined");
        models[key] = parse_open_router_model(key, model, js_get(architecture, "input_modalities"),
                                              js_get(architecture, "output_modalities"),
                                              js_get(top_provider, "max_completion_tokens"),
                                              supported_parameters);
    }
    co_return models;
}

Task<ModelRecord> get_open_router_model_endpoints(HttpClient& http, std::string model_id) {
    ModelRecord models;
    OrderedJson body;
    bool fetched = false;
    try {
        body = co_await axios_get(
            http, std::string(kOpenRouterBaseUrl) + "/models/" + model_id + "/endpoints");
        fetched = true;
    } catch (const ProviderError&) {
        // "Error fetching OpenRouter model endpoints: …" (logged by the reference)
    }
    if (!fetched) co_return models;

    const OrderedJson* data = js_get(&body, "data");
    if (data == nullptr || !data->is_object()) co_return models;  // destructuring throws
    const OrderedJson* id = data->find("id");
    const OrderedJson* architecture = js_get(data, "architecture");
    if (has_image_output(architecture)) co_return models;

    const OrderedJson* endpoints = data->find("endpoints");
    if (endpoints == nullptr || !endpoints->is_array()) co_return models;
    const std::string model_key = id ? record_key(*id) : std::string("undefined");
    for (const OrderedJson& endpoint : endpoints->items()) {
        if (!endpoint.is_object()) break;
        const OrderedJson* tag = endpoint.find("tag");
        const OrderedJson* key =
            tag != nullptr && !tag->is_null() ? tag : endpoint.find("provider_name");
        models[key ? record_key(*key) : std::string("undefined")] =
            parse_open_router_model(model_key, endpoint, js_get(architecture, "input_modalities"),
                                    js_get(architecture, "output_modalities"),
                                    js_get(&endpoint, "max_completion_tokens"), nullptr);
    }
    co_return models;
}

}  // namespace lapce_ai::providers
