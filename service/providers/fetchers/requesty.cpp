#include "requesty.h"

#include <QUrl>

#include "axios_get.h"
#include "cost.h"
#include "json_access.h"
#include "requesty_service_url.h"

namespace lapce_ai::providers {

using json::OrderedJson;

namespace {

bool id_includes(const OrderedJson* id, std::string_view part) {
    return id != nullptr && id->is_string() && id->as_string().find(part) != std::string::npos;
}

// `rawModel.supports_reasoning && (condition)`: the falsy value itself, else the condition.
void set_reasoning_flag(ModelInfo& info, const char* key, const OrderedJson* supports_reasoning,
                        bool condition) {
    if (!js_truthy(supports_reasoning)) {
        if (supports_reasoning != nullptr) info.set(key, *supports_reasoning);
        return;
    }
    info.set(key, OrderedJson::boolean(condition));
}

void set_defined(ModelInfo& info, const char* key, const OrderedJson* value) {
    if (value != nullptr) info.set(key, *value);
}

void set_price(ModelInfo& info, const char* key, const OrderedJson* price) {
    if (const std::optional<double> parsed = price ? parse_api_price(*price) : std::nullopt)
        info.set(key, OrderedJson::number(*parsed));
}

}  // namespace

Task<ModelRecord> get_requesty_models(HttpClient& http, std::optional<std::string> base_url,
                                      std::optional<std::string> api_key) {
    ModelRecord models;
    AxiosGetOptions options;
    if (api_key && !api_key->empty())
        options.headers.emplace_back("Authorization", "Bearer " + *api_key);
    const QUrl resolved_base(QString::fromStdString(to_requesty_service_url(base_url)));
    const std::string models_url = resolved_base.resolved(QUrl(QStringLiteral("v1/models")))
                                       .toString(QUrl::FullyEncoded)
                                       .toStdString();

    OrderedJson body;
    bool fetched = false;
    try {
        body = co_await axios_get(http, models_url, options);
        fetched = true;
    } catch (const ProviderError&) {
        // "Error fetching Requesty models: …" (logged by the reference)
    }
    const OrderedJson* raw_models = fetched ? js_get(&body, "data") : nullptr;
    if (raw_models == nullptr || !raw_models->is_array()) co_return models;

    for (const OrderedJson& raw_model : raw_models->items()) {
        if (!raw_model.is_object()) break;  // reading its fields throws: caught
        const OrderedJson* id = raw_model.find("id");
        const OrderedJson* supports_reasoning = raw_model.find("supports_reasoning");
        ModelInfo info;
        set_defined(info, "maxTokens", raw_model.find("max_output_tokens"));
        set_defined(info, "contextWindow", raw_model.find("context_window"));
        set_defined(info, "supportsPromptCache", raw_model.find("supports_caching"));
        set_defined(info, "supportsImages", raw_model.find("supports_vision"));
        set_defined(info, "supportsComputerUse", raw_model.find("supports_computer_use"));
        set_reasoning_flag(info, "supportsReasoningBudget", supports_reasoning,
                           id_includes(id, "claude") || id_includes(id, "coding/gemini-2.5") ||
                               id_includes(id, "vertex/gemini-2.5"));
        set_reasoning_flag(info, "supportsReasoningEffort", supports_reasoning,
                           id_includes(id, "openai") || id_includes(id, "google/gemini-2.5"));
        set_price(info, "inputPrice", raw_model.find("input_price"));
        set_price(info, "outputPrice", raw_model.find("output_price"));
        set_defined(info, "description", raw_model.find("description"));
        set_price(info, "cacheWritesPrice", raw_model.find("caching_price"));
        set_price(info, "cacheReadsPrice", raw_model.find("cached_price"));
        models[id == nullptr     ? std::string("undefined")
               : id->is_string() ? id->as_string()
                                 : json::js_to_string(*id)] = std::move(info);
    }
    co_return models;
}

}  // namespace lapce_ai::providers
