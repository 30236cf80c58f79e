#include "deepinfra.h"

#include <cmath>

#include "axios_get.h"
#include "default_headers.h"
#include "fetcher_json.h"
#include "json_access.h"

namespace lapce_ai::providers {

using json::OrderedJson;

Task<ModelRecord> get_deep_infra_models(HttpClient& http, std::optional<std::string> api_key,
                                        std::optional<std::string> base_url) {
    AxiosGetOptions options;
    options.headers = default_headers();
    if (api_key && !api_key->empty())
        options.headers.emplace_back("Authorization", "Bearer " + *api_key);
    std::string url = base_url.value_or("https://api.deepinfra.com/v1/openai");
    if (url.ends_with('/')) url.pop_back();
    url += "/models";

    const OrderedJson body = co_await axios_get(http, url, options);
    // The zod-parsed data, or `response.data?.data || []`: the same values here.
    const OrderedJson* data = js_get(&body, "data");
    ModelRecord models;
    if (!js_truthy(data) || !data->is_array()) co_return models;

    for (const OrderedJson& model : data->items()) {
        const OrderedJson* metadata = js_get(&model, "metadata");
        static const OrderedJson no_tags = OrderedJson::array({});
        const OrderedJson* tags = js_get(metadata, "tags");
        if (!js_truthy(tags)) tags = &no_tags;
        const OrderedJson* context_length = js_get(metadata, "context_length");
        const OrderedJson* max_tokens = js_get(metadata, "max_tokens");
        const double context_window =
            context_length && context_length->type() == OrderedJson::Type::Number
                ? context_length->as_number()
                : 8192;
        const OrderedJson* pricing = js_get(metadata, "pricing");

        ModelInfo info;
        info.set("maxTokens",
                 OrderedJson::number(max_tokens && max_tokens->type() == OrderedJson::Type::Number
                                         ? max_tokens->as_number()
                                         : std::ceil(context_window * 0.2)));
        info.set("contextWindow", OrderedJson::number(context_window));
        info.set("supportsImages",
                 OrderedJson::boolean(fetcher_json::includes(tags, "vision").value_or(false)));
        info.set(
            "supportsPromptCache",
            OrderedJson::boolean(fetcher_json::includes(tags, "prompt_cache").value_or(false)));
        if (const OrderedJson* input = js_get(pricing, "input_tokens"))
            info.set("inputPrice", *input);
        if (const OrderedJson* output = js_get(pricing, "output_tokens"))
            info.set("outputPrice", *output);
        if (const OrderedJson* cache_read = js_get(pricing, "cache_read_tokens"))
            info.set("cacheReadsPrice", *cache_read);
        if (const OrderedJson* description = js_get(metadata, "description"))
            info.set("description", *description);
        const OrderedJson* id = js_get(&model, "id");
        models[id == nullptr     ? std::string("undefined")
               : id->is_string() ? id->as_string()
                                 : json::js_to_string(*id)] = std::move(info);
    }
    co_return models;
}

}  // namespace lapce_ai::providers
