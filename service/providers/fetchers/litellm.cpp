#include "litellm.h"

#include <QRegularExpression>
#include <QUrl>

#include "axios_get.h"
#include "default_headers.h"
#include "fetcher_json.h"
#include "json_access.h"
#include "model_tables.h"

namespace lapce_ai::providers {

using json::OrderedJson;

namespace {

// The pathname without trailing slashes, runs of slashes collapsed, + "/v1/model/info".
std::optional<std::string> model_info_url(const std::string& base_url) {
    QUrl url(QString::fromStdString(base_url), QUrl::StrictMode);
    if (!url.isValid() || url.scheme().isEmpty()) return std::nullopt;
    static const QRegularExpression trailing(QStringLiteral("/+$"));
    static const QRegularExpression repeated(QStringLiteral("/+"));
    QString path = url.path(QUrl::FullyEncoded);
    if (path.isEmpty()) path = QStringLiteral("/");
    path.remove(trailing);
    path.replace(repeated, QStringLiteral("/"));
    url.setPath(path + QStringLiteral("/v1/model/info"), QUrl::StrictMode);
    return url.toString(QUrl::FullyEncoded).toStdString();
}

void set_price(ModelInfo& info, const char* key, const OrderedJson* cost_per_token) {
    if (js_truthy(cost_per_token))
        info.set(key, OrderedJson::number(fetcher_json::times_million(*cost_per_token)));
}

bool ends_with_computer_use_model(const std::string& litellm_model_name) {
    const OrderedJson& computer_models = model_constant("LITELLM_COMPUTER_USE_MODELS");
    for (const OrderedJson& model : computer_models.items()) {
        if (model.is_string() && litellm_model_name.ends_with(model.as_string())) return true;
    }
    return false;
}

ModelRecord parse_models(const OrderedJson& data) {
    ModelRecord models;
    const OrderedJson* list = js_get(&data, "data");
    if (!js_truthy(&data) || !js_truthy(list) || !list->is_array()) {
        // "Error fetching LiteLLM models: Unexpected response format" (logged)
        throw ProviderError("Error", "Failed to fetch LiteLLM models: Unexpected response format.");
    }
    for (const OrderedJson& model : list->items()) {
        const OrderedJson* model_name = js_get(&model, "model_name");
        const OrderedJson* model_info = js_get(&model, "model_info");
        const OrderedJson* litellm_model_name = js_get(js_get(&model, "litellm_params"), "model");
        if (!js_truthy(model_name) || !js_truthy(model_info) || !js_truthy(litellm_model_name))
            continue;

        // An explicit supports_computer_use wins; older LiteLLM versions lack it.
        bool supports_computer_use = false;
        if (const OrderedJson* explicit_flag = js_get(model_info, "supports_computer_use"))
            supports_computer_use = js_truthy(explicit_flag);
        else
            supports_computer_use = ends_with_computer_use_model(
                js_string(litellm_model_name).value_or(json::js_to_string(*litellm_model_name)));

        const std::string name = js_string(model_name).value_or(json::js_to_string(*model_name));
        const OrderedJson* max_tokens = js_get(model_info, "max_tokens");
        const OrderedJson* max_input_tokens = js_get(model_info, "max_input_tokens");
        ModelInfo info;
        info.set("maxTokens", js_truthy(max_tokens) ? *max_tokens : OrderedJson::number(8192));
        info.set("contextWindow",
                 js_truthy(max_input_tokens) ? *max_input_tokens : OrderedJson::number(200000));
        info.set("supportsImages", fetcher_json::boolean_of(js_get(model_info, "supports_vision")));
        info.set("supportsComputerUse", OrderedJson::boolean(supports_computer_use));
        info.set("supportsPromptCache",
                 fetcher_json::boolean_of(js_get(model_info, "supports_prompt_caching")));
        set_price(info, "inputPrice", js_get(model_info, "input_cost_per_token"));
        set_price(info, "outputPrice", js_get(model_info, "output_cost_per_token"));
        set_price(info, "cacheWritesPrice", js_get(model_info, "cache_creation_input_token_cost"));
        set_price(info, "cacheReadsPrice", js_get(model_info, "cache_read_input_token_cost"));
        info.set("description", OrderedJson::string(name + " via LiteLLM proxy"));
        models[name] = std::move(info);
    }
    return models;
}

}  // namespace

Task<ModelRecord> get_lite_llm_models(HttpClient& http, std::string api_key, std::string base_url) {
    std::optional<std::string> failure;
    ModelRecord models;
    try {
        AxiosGetOptions options;
        options.headers.emplace_back("Content-Type", "application/json");
        for (auto& header : default_headers()) options.headers.push_back(std::move(header));
        if (!api_key.empty()) options.headers.emplace_back("Authorization", "Bearer " + api_key);
        options.timeout = std::chrono::milliseconds(5000);
        const std::optional<std::string> url = model_info_url(base_url);
        if (!url) throw ProviderError("TypeError", "Invalid URL");
        models = parse_models(co_await axios_get(http, *url, options));
    } catch (const AxiosError& error) {
        failure =
            error.response
                ? "Failed to fetch LiteLLM models: " + std::to_string(error.response->status) +
                      " " + error.response->status_text + ". Check base URL and API key."
            : error.has_request ? std::string(
                                      "Failed to fetch LiteLLM models: No response from server. "
                                      "Check LiteLLM server status and base URL.")
                                : "Failed to fetch LiteLLM models: " + error.message();
    } catch (const ProviderError& error) {
        failure =
            "Failed to fetch LiteLLM models: " +
            (error.message().empty() ? std::string("An unknown error occurred.") : error.message());
    }
    if (failure) throw ProviderError("Error", *failure);
    co_return models;
}

}  // namespace lapce_ai::providers
