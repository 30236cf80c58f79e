#include "openai_subclass_handlers.h"

#include "json_access.h"
#include "model_params.h"
#include "model_tables.h"

namespace lapce_ai::providers {

using json::OrderedJson;

namespace {

// {...options, openAiApiKey, openAiModelId, openAiBaseUrl, openAiStreamingEnabled: true,
// includeMaxTokens: true}
ProviderSettings subclass_options(const ProviderSettings& options, const char* key_setting,
                                  const char* provider, const char* base_url_setting,
                                  const std::string& default_base_url) {
    ProviderSettings merged(options.json());
    merged.set("openAiApiKey",
               OrderedJson::string(options.string(key_setting).value_or("not-provided")));
    merged.set(
        "openAiModelId",
        OrderedJson::string(options.string("apiModelId").value_or(default_model_id(provider))));
    merged.set("openAiBaseUrl",
               OrderedJson::string(options.string(base_url_setting).value_or(default_base_url)));
    merged.set("openAiStreamingEnabled", OrderedJson::boolean(true));
    merged.set("includeMaxTokens", OrderedJson::boolean(true));
    return merged;
}

// {id, info: table[id] || table[default], ...getModelParams(openai)}
ApiModel table_model(const ProviderSettings& options, const char* provider) {
    ApiModel model;
    model.id = options.string("apiModelId").value_or(default_model_id(provider));
    model.info = find_model_info(provider, model.id)
                     .value_or(*find_model_info(provider, default_model_id(provider)));
    model.params = get_model_params("openai", model.id, model.info, options);
    return model;
}

// usage with the cache counts of `prompt_tokens_details` (DeepSeek's and Doubao's shape).
ApiStreamUsage usage_with_prompt_cache_details(const OrderedJson* usage) {
    ApiStreamUsage result;
    result.input_tokens = js_number_or(js_get(usage, "prompt_tokens"), 0);
    result.output_tokens = js_number_or(js_get(usage, "completion_tokens"), 0);
    result.cache_write_tokens =
        js_number(js_get(js_get(usage, "prompt_tokens_details"), "cache_miss_tokens"));
    result.cache_read_tokens =
        js_number(js_get(js_get(usage, "prompt_tokens_details"), "cached_tokens"));
    return result;
}

}  // namespace

DeepSeekHandler::DeepSeekHandler(const ProviderSettings& options, const ProviderContext& context)
    : OpenAiHandler(subclass_options(options, "deepSeekApiKey", "deepseek", "deepSeekBaseUrl",
                                     "https://api.deepseek.com"),
                    context) {}

ApiModel DeepSeekHandler::get_model() {
    return table_model(options_, "deepseek");
}

ApiStreamUsage DeepSeekHandler::process_usage_metrics(const OrderedJson* usage) {
    return usage_with_prompt_cache_details(usage);
}

MoonshotHandler::MoonshotHandler(const ProviderSettings& options, const ProviderContext& context)
    : OpenAiHandler(subclass_options(options, "moonshotApiKey", "moonshot", "moonshotBaseUrl",
                                     "https://api.moonshot.ai/v1"),
                    context) {}

ApiModel MoonshotHandler::get_model() {
    return table_model(options_, "moonshot");
}

ApiStreamUsage MoonshotHandler::process_usage_metrics(const OrderedJson* usage) {
    ApiStreamUsage result;
    result.input_tokens = js_number_or(js_get(usage, "prompt_tokens"), 0);
    result.output_tokens = js_number_or(js_get(usage, "completion_tokens"), 0);
    result.cache_write_tokens = 0;
    result.cache_read_tokens = js_number(js_get(usage, "cached_tokens"));
    return result;
}

void MoonshotHandler::add_max_tokens_if_needed(OrderedJson& request_options,
                                               const ModelInfo& model_info) {
    // max_tokens (not max_completion_tokens), always.
    if (options_.truthy("modelMaxTokens")) {
        request_options.set("max_tokens", *options_.value("modelMaxTokens"));
    } else if (const OrderedJson* max = model_info.value("maxTokens")) {
        request_options.set("max_tokens", *max);
    }
}

DoubaoHandler::DoubaoHandler(const ProviderSettings& options, const ProviderContext& context)
    : OpenAiHandler(subclass_options(options, "doubaoApiKey", "doubao", "doubaoBaseUrl",
                                     model_constant_string("DOUBAO_API_BASE_URL")),
                    context) {}

ApiModel DoubaoHandler::get_model() {
    return table_model(options_, "doubao");
}

ApiStreamUsage DoubaoHandler::process_usage_metrics(const OrderedJson* usage) {
    return usage_with_prompt_cache_details(usage);
}

}  // namespace lapce_ai::providers
