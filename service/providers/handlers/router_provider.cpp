#include "router_provider.h"

#include "default_headers.h"
#include "json_access.h"
#include "model_cache.h"
#include "openai_format.h"

namespace lapce_ai::providers {

using json::OrderedJson;

HeaderList default_headers_with(const ProviderSettings& options) {
    HeaderList headers = default_headers();
    if (const OrderedJson* custom = options.value("openAiHeaders"); custom && custom->is_object()) {
        for (const json::OrderedJsonMember& header : custom->members()) {
            if (!header.value.is_string()) continue;
            bool replaced = false;
            for (auto& [name, value] : headers) {
                if (name == header.key) {
                    value = header.value.as_string();
                    replaced = true;
                }
            }
            if (!replaced) headers.emplace_back(header.key, header.value.as_string());
        }
    }
    return headers;
}

std::unique_ptr<StainlessClient> make_openai_sdk_client(std::string base_url,
                                                        const std::string& api_key,
                                                        HeaderList default_headers,
                                                        HttpClient& http) {
    StainlessClientOptions client;
    client.flavor = StainlessClientOptions::Flavor::OpenAi;
    client.base_url = std::move(base_url);
    client.auth_headers = {{"Authorization", "Bearer " + api_key}};
    client.default_headers = std::move(default_headers);
    return std::make_unique<StainlessClient>(std::move(client), http);
}

const OrderedJson* first_choice_delta(const OrderedJson& chunk) {
    return js_get(js_at(js_get(&chunk, "choices"), 0), "delta");
}

std::string first_choice_content(const OrderedJson& response) {
    const OrderedJson* content =
        js_get(js_get(js_at(js_get(&response, "choices"), 0), "message"), "content");
    if (!js_truthy(content)) return {};
    return content->is_string() ? content->as_string() : json::js_to_string(*content);
}

OrderedJson chat_message(std::string_view role, std::string text) {
    OrderedJson message = js_object();
    message.set("role", OrderedJson::string(std::string(role)));
    message.set("content", OrderedJson::string(std::move(text)));
    return message;
}

OrderedJson system_and_openai_messages(const std::string& system_prompt,
                                       const OrderedJson& messages) {
    OrderedJson list = OrderedJson::array({chat_message("system", system_prompt)});
    const OrderedJson converted = convert_to_openai_messages(messages);
    for (const OrderedJson& message : converted.items()) list.push_back(message);
    return list;
}

ProviderError prefixed_error(const std::string& prefix, const ProviderError& error) {
    return ProviderError("Error", prefix + error.message());
}

RouterProvider::RouterProvider(RouterProviderOptions options, const ProviderContext& context)
    : options_(std::move(options.options)),
      name_(std::move(options.name)),
      model_id_(std::move(options.model_id)),
      default_model_id_(std::move(options.default_model_id)),
      default_model_info_(std::move(options.default_model_info)),
      api_key_(options.api_key.value_or("not-provided")),
      base_url_(std::move(options.base_url)),
      context_(context),
      client_(make_openai_sdk_client(base_url_, api_key_, default_headers_with(options_),
                                     *context.http)) {}

Task<ApiModel> RouterProvider::fetch_model() {
    // A named argument: GCC 12 destroys a braced temporary passed to a coroutine twice.
    GetModelsOptions options{name_, api_key_, base_url_};
    models_ = co_await get_models(std::move(options), context_);
    co_return get_model();
}

ApiModel RouterProvider::get_model() {
    const std::string id = model_id_.value_or(default_model_id_);
    ApiModel model;
    if (const auto found = models_.find(id); found != models_.end()) {
        model.id = id;
        model.info = found->second;
    } else {
        model.id = default_model_id_;
        model.info = default_model_info_;
    }
    return model;
}

bool RouterProvider::supports_temperature(std::string_view model_id) const {
    return !model_id.starts_with("openai/o3-mini");
}

}  // namespace lapce_ai::providers
