#include "ollama_models.h"

#include <QUrl>

#include <cmath>
#include <vector>

#include "js_access.h"
#include "model_tables.h"
#include "provider_error.h"
#include "transport_error.h"

namespace lapce_ai::providers {

using json::OrderedJson;

namespace {

constexpr const char* kDefaultBaseUrl = "http://localhost:11434";

bool is_string_value(const OrderedJson* value) {
    return value != nullptr && value->is_string();
}
bool optional_string(const OrderedJson* value) {
    return value == nullptr || value->is_string();
}

// OllamaModelDetailsSchema
bool is_model_details(const OrderedJson* details) {
    if (details == nullptr || !details->is_object()) return false;
    const OrderedJson* families = details->find("families");
    if (families != nullptr && !families->is_null()) {
        if (!families->is_array()) return false;
        for (const OrderedJson& family : families->items())
            if (!family.is_string()) return false;
    }
    return is_string_value(details->find("family")) && optional_string(details->find("format")) &&
           is_string_value(details->find("parameter_size")) &&
           optional_string(details->find("parent_model")) &&
           optional_string(details->find("quantization_level"));
}

// OllamaModelSchema
bool is_model(const OrderedJson& model) {
    if (!model.is_object()) return false;
    const OrderedJson* size = model.find("size");
    return is_model_details(model.find("details")) && optional_string(model.find("digest")) &&
           is_string_value(model.find("model")) && optional_string(model.find("modified_at")) &&
           is_string_value(model.find("name")) &&
           (size == nullptr || size->type() == OrderedJson::Type::Number);
}

// An axios request: `response.data` of a 2xx answer (JSON when it parses, else the text);
// throws for another status or when no answer came.
Task<OrderedJson> axios_request(HttpClient& http, QByteArray method, std::string url,
                                const std::optional<std::string>& api_key,
                                std::optional<OrderedJson> body) {
    HttpRequest request;
    request.method = std::move(method);
    request.url = QUrl(QString::fromStdString(url));
    request.set_header("Accept", "application/json, text/plain, */*");
    if (body) request.set_header("Content-Type", "application/json");
    if (api_key)
        request.set_header("Authorization", QByteArray::fromStdString("Bearer " + *api_key));
    request.set_header("User-Agent", "axios/1.12.0");
    if (body) request.body = QByteArray::fromStdString(json::json_stringify(*body));
    std::unique_ptr<HttpResponse> response = co_await http.send(std::move(request));
    const int status = response->status();
    const QByteArray text = co_await response->read_all();
    if (status < 200 || status >= 300)
        throw ProviderError("AxiosError",
                            "Request failed with status code " + std::to_string(status));
    auto parsed = json::parse_ordered_json(text.toStdString());
    co_return parsed ? std::move(*parsed) : OrderedJson::string(text.toStdString());
}

// Object.assign(target, {key: undefined}): the key stays, undefined, so JSON leaves it out.
OrderedJson without_key(const OrderedJson& object, std::string_view key) {
    OrderedJson copy = OrderedJson::object({});
    for (const json::OrderedJsonMember& member : object.members())
        if (member.key != key) copy.set(member.key, member.value);
    return copy;
}

}  // namespace

ModelInfo parse_ollama_model(const OrderedJson& raw_model) {
    const OrderedJson* model_info = js::get(raw_model, "model_info");
    if (model_info == nullptr || model_info->is_null())
        throw ProviderError("TypeError", "Cannot convert undefined or null to object");
    std::optional<double> context_window;
    for (const auto& [key, value] : js::object_entries(*model_info)) {
        if (key.find("context_length") == std::string::npos) continue;
        if (value.type() == OrderedJson::Type::Number) context_window = value.as_number();
        break;
    }
    const OrderedJson* details = js::get(raw_model, "details");
    const OrderedJson context_value =
        context_window ? OrderedJson::number(*context_window) : OrderedJson();
    const std::string description =
        "Family: " + js::text_of(js::get(details, "family")) +
        ", Context: " + (context_window ? js::text_of(&context_value) : "undefined") +
        ", Size: " + js::text_of(js::get(details, "parameter_size"));

    // rawModel.capabilities?.includes("vision")
    std::optional<bool> supports_images;
    if (const OrderedJson* capabilities = js::get(raw_model, "capabilities");
        capabilities != nullptr && !capabilities->is_null()) {
        if (capabilities->is_array()) {
            supports_images = false;
            for (const OrderedJson& capability : capabilities->items())
                if (js::is(&capability, "vision")) supports_images = true;
        } else if (capabilities->is_string()) {
            supports_images = capabilities->as_string().find("vision") != std::string::npos;
        } else {
            throw ProviderError("TypeError", "rawModel.capabilities?.includes is not a function");
        }
    }

    const ModelInfo defaults(model_constant("ollamaDefaultModelInfo"));
    const double window = context_window && *context_window != 0 && !std::isnan(*context_window)
                              ? *context_window
                              : defaults.context_window();
    OrderedJson info = defaults.json();
    info.set("description", OrderedJson::string(description));
    info.set("contextWindow", OrderedJson::number(window));
    info.set("supportsPromptCache", OrderedJson::boolean(true));
    info.set("supportsImages", OrderedJson::boolean(supports_images.value_or(false)));
    if (!supports_images) info = without_key(info, "supportsImages");
    info.set("supportsComputerUse", OrderedJson::boolean(false));
    info.set("maxTokens", OrderedJson::number(window));
    return ModelInfo(std::move(info));
}

bool is_ollama_models_response(const OrderedJson& data) {
    if (!data.is_object()) return false;
    const OrderedJson* models = data.find("models");
    if (models == nullptr || !models->is_array()) return false;
    for (const OrderedJson& model : models->items())
        if (!is_model(model)) return false;
    return true;
}

Task<OrderedJson> get_ollama_models(HttpClient& http, std::optional<std::string> base_url,
                                    std::optional<std::string> api_key) {
    OrderedJson models = OrderedJson::object({});
    const std::string base = base_url && !base_url->empty() ? *base_url : kDefaultBaseUrl;
    const QUrl parsed_url(QString::fromStdString(base), QUrl::StrictMode);
    if (!parsed_url.isValid() || parsed_url.scheme().isEmpty()) co_return models;
    if (api_key && api_key->empty()) api_key.reset();

    try {
        const OrderedJson tags =
            co_await axios_request(http, "GET", base + "/api/tags", api_key, std::nullopt);
        if (is_ollama_models_response(tags)) {
            for (const OrderedJson& model : tags.find("models")->items()) {
                OrderedJson request = OrderedJson::object({{"model", *model.find("model")}});
                const OrderedJson shown = co_await axios_request(http, "POST", base + "/api/show",
                                                                 api_key, std::move(request));
                models.set(model.find("name")->as_string(), parse_ollama_model(shown).json());
            }
        }
        // else: "Error parsing Ollama models response: …" (logged by the reference)
    } catch (const ProviderError&) {
        // "Error fetching Ollama models: …"
    } catch (const TransportError&) {
        // "Failed connecting to Ollama at …" (ECONNREFUSED) or "Error fetching Ollama models"
    }
    co_return models;
}

}  // namespace lapce_ai::providers
