#include "glama.h"

#include "axios_get.h"
#include "cost.h"
#include "fetcher_json.h"
#include "json_access.h"

namespace lapce_ai::providers {

using json::OrderedJson;

namespace {

void set_defined(ModelInfo& info, const char* key, const OrderedJson* value) {
    if (value != nullptr) info.set(key, *value);
}

void set_price(ModelInfo& info, const char* key, const OrderedJson* price) {
    if (const std::optional<double> parsed = price ? parse_api_price(*price) : std::nullopt)
        info.set(key, OrderedJson::number(*parsed));
}

// `capabilities?.includes(name)`, left out when undefined.
void set_capability(ModelInfo& info, const char* key, const OrderedJson* capabilities,
                    const char* name) {
    if (const std::optional<bool> has = fetcher_json::includes(capabilities, name))
        info.set(key, OrderedJson::boolean(*has));
}

}  // namespace

Task<ModelRecord> get_glama_models(HttpClient& http) {
    ModelRecord models;
    OrderedJson raw_models;
    bool fetched = false;
    try {
        raw_models = co_await axios_get(http, "https://glama.ai/api/gateway/v1/models");
        fetched = true;
    } catch (const ProviderError&) {
        // "Error fetching Glama models: …" (logged by the reference)
    }
    if (!fetched || !raw_models.is_array()) co_return models;

    for (const OrderedJson& raw_model : raw_models.items()) {
        if (!raw_model.is_object()) break;  // reading its fields throws: caught
        const OrderedJson* capabilities = js_get(&raw_model, "capabilities");
        const OrderedJson* prices = js_get(&raw_model, "pricePerToken");
        ModelInfo info;
        set_defined(info, "maxTokens", raw_model.find("maxTokensOutput"));
        set_defined(info, "contextWindow", raw_model.find("maxTokensInput"));
        set_capability(info, "supportsImages", capabilities, "input:image");
        set_capability(info, "supportsComputerUse", capabilities, "computer_use");
        set_capability(info, "supportsPromptCache", capabilities, "caching");
        set_price(info, "inputPrice", js_get(prices, "input"));
        set_price(info, "outputPrice", js_get(prices, "output"));
        set_price(info, "cacheWritesPrice", js_get(prices, "cacheWrite"));
        set_price(info, "cacheReadsPrice", js_get(prices, "cacheRead"));
        // The reference's `switch (rawModel.id) { case rawModel.id.startsWith("anthropic/"): … }`
        // compares the id with a boolean and never matches: maxTokens stays as listed.
        const OrderedJson* id = raw_model.find("id");
        models[id == nullptr     ? std::string("undefined")
               : id->is_string() ? id->as_string()
                                 : json::js_to_string(*id)] = std::move(info);
    }
    co_return models;
}

}  // namespace lapce_ai::providers
