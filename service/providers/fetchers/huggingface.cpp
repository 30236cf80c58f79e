#include "huggingface.h"

#include <algorithm>

#include "axios_get.h"
#include "json_access.h"
#include "model_tables.h"

namespace lapce_ai::providers {

using json::OrderedJson;

namespace {

bool is_number(const OrderedJson* value) {
    return value != nullptr && value->type() == OrderedJson::Type::Number;
}
bool is_string(const OrderedJson* value) {
    return value != nullptr && value->is_string();
}
// z.x().optional(): absent, or of the type.
template <typename Check>
bool optional_field(const OrderedJson& object, std::string_view key, Check check) {
    const OrderedJson* value = object.find(key);
    return value == nullptr || check(value);
}

bool valid_provider(const OrderedJson& provider) {
    if (!provider.is_object() || !is_string(provider.find("provider"))) return false;
    const OrderedJson* status = provider.find("status");
    if (!is_string(status) || (status->as_string() != "live" && status->as_string() != "staging" &&
                               status->as_string() != "error"))
        return false;
    const auto is_boolean = [](const OrderedJson* value) {
        return value->type() == OrderedJson::Type::Boolean;
    };
    return optional_field(provider, "supports_tools", is_boolean) &&
           optional_field(provider, "supports_structured_output", is_boolean) &&
           optional_field(provider, "context_length", is_number) &&
           optional_field(provider, "pricing", [](const OrderedJson* pricing) {
               return pricing->is_object() && is_number(pricing->find("input")) &&
                      is_number(pricing->find("output"));
           });
}

bool valid_model(const OrderedJson& model) {
    if (!model.is_object() || !is_string(model.find("id")) || !is_string(model.find("object")) ||
        model.find("object")->as_string() != "model" || !is_number(model.find("created")) ||
        !is_string(model.find("owned_by")))
        return false;
    const OrderedJson* providers = model.find("providers");
    if (providers == nullptr || !providers->is_array()) return false;
    return std::all_of(providers->items().begin(), providers->items().end(), valid_provider);
}

// huggingFaceApiResponseSchema
bool valid_response(const OrderedJson& body) {
    if (!body.is_object() || !is_string(body.find("object"))) return false;
    const OrderedJson* data = body.find("data");
    return data != nullptr && data->is_array() &&
           std::all_of(data->items().begin(), data->items().end(), valid_model);
}

// `list.find((p) => p[key])?.[key]`
const OrderedJson* first_truthy(const OrderedJson& providers, std::string_view key) {
    for (const OrderedJson& provider : providers.items()) {
        if (const OrderedJson* value = provider.find(key); js_truthy(value)) return value;
    }
    return nullptr;
}

// parseHuggingFaceModel
ModelInfo parse_hugging_face_model(const OrderedJson& model, const OrderedJson* provider) {
    const OrderedJson& providers = *model.find("providers");
    const OrderedJson* context = js_get(provider, "context_length");
    if (!js_truthy(context)) context = first_truthy(providers, "context_length");
    const double context_length = js_truthy(context)
                                      ? context->as_number()
                                      : model_constant_number("HUGGINGFACE_DEFAULT_CONTEXT_WINDOW");
    const OrderedJson* pricing = js_get(provider, "pricing");
    if (!js_truthy(pricing)) pricing = first_truthy(providers, "pricing");
    const std::string& id = model.find("id")->as_string();
    const std::string description = provider != nullptr
                                        ? id + " via " + provider->find("provider")->as_string()
                                        : id + " via HuggingFace";

    ModelInfo info;
    info.set("maxTokens",
             OrderedJson::number(std::min(
                 context_length, model_constant_number("HUGGINGFACE_DEFAULT_MAX_TOKENS"))));
    info.set("contextWindow", OrderedJson::number(context_length));
    info.set("supportsImages", OrderedJson::boolean(false));  // not in the API yet
    info.set("supportsPromptCache", OrderedJson::boolean(false));
    info.set("supportsComputerUse", OrderedJson::boolean(false));
    if (const OrderedJson* input = js_get(pricing, "input")) info.set("inputPrice", *input);
    if (const OrderedJson* output = js_get(pricing, "output")) info.set("outputPrice", *output);
    info.set("description", OrderedJson::string(description));
    return info;
}

}  // namespace

std::optional<ModelRecord> get_cached_hugging_face_models(const ModelCaches& caches) {
    if (!caches.huggingface) return std::nullopt;
    return caches.huggingface->data;
}

Task<ModelRecord> get_hugging_face_models(HttpClient& http, ModelCaches& caches) {
    const auto now = std::chrono::steady_clock::now();
    const std::chrono::milliseconds duration(
        static_cast<long long>(model_constant_number("HUGGINGFACE_CACHE_DURATION")));
    if (caches.huggingface && now - caches.huggingface->timestamp < duration)
        co_return caches.huggingface->data;

    AxiosGetOptions options;
    options.headers = {{"Upgrade-Insecure-Requests", "1"},
                       {"Sec-Fetch-Dest", "document"},
                       {"Sec-Fetch-Mode", "navigate"},
                       {"Sec-Fetch-Site", "none"},
                       {"Sec-Fetch-User", "?1"},
                       {"Priority", "u=0, i"},
                       {"Pragma", "no-cache"},
                       {"Cache-Control", "no-cache"}};
    options.timeout = std::chrono::milliseconds(10000);

    OrderedJson body;
    std::optional<std::string> failure;
    try {
        body = co_await axios_get(http, model_constant_string("HUGGINGFACE_API_URL"), options);
    } catch (const AxiosError& error) {
        if (error.response)
            failure =
                "Failed to fetch HuggingFace models: " + std::to_string(error.response->status) +
                " " + error.response->status_text;
        else if (error.has_request)
            failure =
                "Failed to fetch HuggingFace models: No response from server. Check your "
                "internet connection.";
        else
            failure = "Failed to fetch HuggingFace models: " + error.message();
    } catch (const ProviderError& error) {
        failure = "Failed to fetch HuggingFace models: " + error.message();
    }
    if (!failure && !valid_response(body)) {
        // "HuggingFace models response validation failed" (logged by the reference)
        failure =
            "Failed to fetch HuggingFace models: Invalid response format from HuggingFace API";
    }
    if (failure) {
        // "Error fetching HuggingFace models" (logged); a stale cache still answers.
        if (caches.huggingface) co_return caches.huggingface->data;
        throw ProviderError("Error", *failure);
    }

    ModelRecord models;
    OrderedJson valid_models = OrderedJson::array({});
    for (const OrderedJson& model : body.find("data")->items()) {
        if (model.find("providers")->items().empty()) continue;
        valid_models.push_back(model);
        const std::string& id = model.find("id")->as_string();
        models[id] = parse_hugging_face_model(model, nullptr);
        // A variant per live provider, so that every provider can be picked.
        for (const OrderedJson& provider : model.find("providers")->items()) {
            if (provider.find("status")->as_string() != "live") continue;
            models[id + ":" + provider.find("provider")->as_string()] =
                parse_hugging_face_model(model, &provider);
        }
    }
    caches.huggingface = HuggingFaceModelsCache{models, std::move(valid_models), now};
    co_return models;
}

}  // namespace lapce_ai::providers
