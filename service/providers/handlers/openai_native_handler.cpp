#include "openai_native_handler.h"

#include <chrono>
#include <cmath>

#include "fetch_errors.h"
#include "json_access.h"
#include "model_params.h"
#include "model_tables.h"
#include "openai_handler.h"
#include "openai_native_input.h"
#include "openai_native_usage.h"
#include "sleep.h"

namespace lapce_ai::providers {

using json::OrderedJson;

namespace {

constexpr std::string_view kGpt5ModelPrefix = "gpt-5";
constexpr std::chrono::milliseconds kResponseIdWait{100};

bool truthy(const std::optional<std::string>& value) {
    return value && !value->empty();
}

// `a ?? b` over settings / model info values.
const OrderedJson* nullish(const OrderedJson* first, const OrderedJson* second) {
    return first != nullptr && !first->is_null() ? first : second;
}

}  // namespace

OpenAiNativeHandler::OpenAiNativeHandler(ProviderSettings options, const ProviderContext& context)
    : options_(std::move(options)), context_(context) {
    // Reasoning summaries ("auto") are on for GPT-5 unless explicitly disabled.
    if (options_.value("enableGpt5ReasoningSummary") == nullptr)
        options_.set("enableGpt5ReasoningSummary", OrderedJson::boolean(true));
    const std::string api_key = options_.string("openAiNativeApiKey").value_or("not-provided");

    // new OpenAI({ baseURL, apiKey }): an undefined baseURL falls back to OPENAI_BASE_URL, then
    // to the SDK's default; organization and project come from the environment.
    const OrderedJson* base_url_setting = options_.value("openAiNativeBaseUrl");
    const std::optional<std::string> base_url =
        base_url_setting == nullptr ? context.env("OPENAI_BASE_URL") : js_string(base_url_setting);
    StainlessClientOptions client;
    client.flavor = StainlessClientOptions::Flavor::OpenAi;
    client.base_url = truthy(base_url) ? *base_url : std::string("https://api.openai.com/v1");
    client.auth_headers = {{"Authorization", "Bearer " + api_key}};
    if (const std::optional<std::string> organization = context.env("OPENAI_ORG_ID"))
        client.default_headers.emplace_back("OpenAI-Organization", *organization);
    if (const std::optional<std::string> project = context.env("OPENAI_PROJECT_ID"))
        client.default_headers.emplace_back("OpenAI-Project", *project);
    client_ = std::make_unique<StainlessClient>(std::move(client), *context.http);
}

// ---- ResponsesEventHost ----

void OpenAiNativeHandler::resolve_response_id(std::optional<std::string> response_id) {
    if (truthy(response_id)) last_response_id_ = response_id;
    // Settle this request's promise so that the next request can use the id.
    if (response_id_promise_ && !response_id_promise_->settled) {
        response_id_promise_->settled = true;
        response_id_promise_->value = std::move(response_id);
    }
}

void OpenAiNativeHandler::set_last_service_tier(std::string service_tier) {
    last_service_tier_ = std::move(service_tier);
}

std::optional<ApiStreamUsage> OpenAiNativeHandler::normalize_usage(const OrderedJson* usage,
                                                                   const ApiModel& model) {
    // The tier OpenAI reports, else the requested one.
    std::optional<std::string> effective_tier = last_service_tier_;
    if (!truthy(effective_tier)) effective_tier = options_.string("openAiNativeServiceTier");
    if (!truthy(effective_tier)) effective_tier.reset();
    return providers::normalize_usage(usage, model.info, effective_tier);
}

// ---- model and request ----

double OpenAiNativeHandler::default_temperature(const std::string& model_id) const {
    return model_id.starts_with(kGpt5ModelPrefix)
               ? model_constant_number("GPT5_DEFAULT_TEMPERATURE")
               : model_constant_number("OPENAI_NATIVE_DEFAULT_TEMPERATURE");
}

ApiModel OpenAiNativeHandler::get_model() {
    const std::optional<std::string> model_id = options_.string("apiModelId");
    const std::string id = truthy(model_id) && find_model_info("openai-native", *model_id)
                               ? *model_id
                               : default_model_id("openai-native");
    ApiModel model;
    model.info = find_model_info("openai-native", id).value_or(ModelInfo());
    model.params = get_model_params("openai", id, model.info, options_, default_temperature(id));
    // The Responses API takes a reasoning effort for every model that has one.
    const OrderedJson* effort =
        nullish(options_.value("reasoningEffort"), model.info.value("reasoningEffort"));
    if (js_truthy(effort)) {
        OrderedJson reasoning = js_object();
        reasoning.set("reasoning_effort", *effort);
        model.params->reasoning = std::move(reasoning);
    }
    // The o3-mini ids carry the effort ("o3-mini-high"), which is not a valid model id.
    model.id = id.starts_with("o3-mini") ? std::string("o3-mini") : id;
    return model;
}

std::optional<std::string> OpenAiNativeHandler::get_reasoning_effort(const ApiModel& model) const {
    if (model.params && model.params->reasoning.is_object()) {
        if (const OrderedJson* effort = model.params->reasoning.find("reasoning_effort")) {
            const std::optional<std::string> value = js_string(effort);
            if (value == "minimal" || value == "low" || value == "medium" || value == "high")
                return value;
        }
    }
    return model.info.string("reasoningEffort");
}

std::optional<std::string> OpenAiNativeHandler::allowed_service_tier(const ModelInfo& info) const {
    const std::optional<std::string> requested = options_.string("openAiNativeServiceTier");
    if (!truthy(requested)) return std::nullopt;
    if (*requested == "default") return requested;
    if (const OrderedJson* tiers = info.value("tiers"); tiers != nullptr && tiers->is_array()) {
        for (const OrderedJson& tier : tiers->items()) {
            if (js_string(js_get(&tier, "name")) == requested) return requested;
        }
    }
    return std::nullopt;
}

OrderedJson OpenAiNativeHandler::reasoning_param(const std::string& effort) const {
    OrderedJson reasoning = js_object();
    reasoning.set("effort", OrderedJson::string(effort));
    if (options_.truthy("enableGpt5ReasoningSummary"))
        reasoning.set("summary", OrderedJson::string("auto"));
    return reasoning;
}

OpenAiNativeHandler::StructuredInput OpenAiNativeHandler::prepare_structured_input(
    const std::string& system_prompt, const OrderedJson& messages,
    const ApiHandlerCreateMessageMetadata* metadata) const {
    (void)system_prompt;  // the system prompt travels as `instructions`
    const auto& items = messages.items();
    const bool is_first_message =
        items.size() == 1 && js_string(js_get(&items[0], "role")) == "user";
    std::optional<std::string> previous_response_id =
        metadata != nullptr ? metadata->previous_response_id : std::nullopt;
    if (!previous_response_id && !is_first_message) previous_response_id = last_response_id_;

    if (truthy(previous_response_id)) {
        // With a previous response only the latest user message is sent.
        for (auto message = items.rbegin(); message != items.rend(); ++message) {
            if (js_string(js_get(&*message, "role")) != "user") continue;
            if (std::optional<OrderedJson> formatted = format_single_structured_message(*message))
                return {OrderedJson::array({std::move(*formatted)}), previous_response_id};
            break;
        }
        return {OrderedJson::array({}), previous_response_id};
    }
    return {format_full_conversation(messages), std::nullopt};
}

OrderedJson OpenAiNativeHandler::build_request_body(
    const ApiModel& model, OrderedJson formatted_input,
    const std::optional<std::string>& previous_response_id, const std::string& system_prompt,
    const std::optional<std::string>& reasoning_effort,
    const ApiHandlerCreateMessageMetadata& metadata) const {
    OrderedJson body = js_object();
    body.set("model", OrderedJson::string(model.id));
    body.set("input", std::move(formatted_input));
    body.set("stream", OrderedJson::boolean(true));
    body.set("store", OrderedJson::boolean(metadata.store != false));
    // The Responses API sets system behaviour through the top-level `instructions`.
    body.set("instructions", OrderedJson::string(system_prompt));
    if (truthy(reasoning_effort)) body.set("reasoning", reasoning_param(*reasoning_effort));
    if (model.info.boolean("supportsTemperature") != false) {
        body.set("temperature",
                 OrderedJson::number(
                     options_.number("modelTemperature").value_or(default_temperature(model.id))));
    }
    // The reserved output Roo computed, so that requests do not default to huge limits.
    if (const std::optional<double> max_tokens = model.params->max_tokens;
        max_tokens && *max_tokens != 0 && !std::isnan(*max_tokens))
        body.set("max_output_tokens", OrderedJson::number(*max_tokens));
    if (truthy(previous_response_id))
        body.set("previous_response_id", OrderedJson::string(*previous_response_id));
    if (const std::optional<std::string> tier = allowed_service_tier(model.info))
        body.set("service_tier", OrderedJson::string(*tier));
    if (model.info.boolean("supportsVerbosity") == true) {
        OrderedJson text = js_object();
        const std::optional<std::string>& verbosity = model.params->verbosity;
        text.set("verbosity", OrderedJson::string(truthy(verbosity) ? *verbosity : "medium"));
        body.set("text", std::move(text));
    }
    return body;
}

// ---- createMessage ----

Task<void> OpenAiNativeHandler::create_message(std::string system_prompt, OrderedJson messages,
                                               ApiHandlerCreateMessageMetadata metadata,
                                               ChunkSink& sink) {
    const ApiModel model = get_model();
    // Reset the resolved tier for this request; the response may report one.
    last_service_tier_.reset();
    const std::optional<std::string> reasoning_effort = get_reasoning_effort(model);

    std::optional<std::string> effective_previous_response_id = metadata.previous_response_id;
    if (metadata.suppress_previous_response_id == true) {
        // After a condense or a message edit: forget the chain.
        last_response_id_.reset();
        effective_previous_response_id.reset();
    } else {
        // The previous request may still be about to report its id (fast nano responses):
        // wait for it up to 100 ms.
        if (!truthy(effective_previous_response_id) && response_id_promise_) {
            if (!response_id_promise_->settled) co_await sleep_for(kResponseIdWait);
            if (response_id_promise_ && response_id_promise_->settled &&
                truthy(response_id_promise_->value))
                effective_previous_response_id = response_id_promise_->value;
        }
        if (!truthy(effective_previous_response_id) && truthy(last_response_id_))
            effective_previous_response_id = last_response_id_;
    }

    StructuredInput input = prepare_structured_input(system_prompt, messages, &metadata);
    const std::optional<std::string> request_previous_response_id =
        truthy(effective_previous_response_id) ? effective_previous_response_id
                                               : input.previous_response_id;
    response_id_promise_ = ResponseIdPromise{};

    OrderedJson request_body =
        build_request_body(model, std::move(input.formatted_input), request_previous_response_id,
                           system_prompt, reasoning_effort, metadata);
    co_await execute_request(std::move(request_body), model, system_prompt, messages, sink);
}

Task<std::optional<ProviderError>> OpenAiNativeHandler::stream_with_sdk(
    const OrderedJson& request_body, const ApiModel& model, ChunkSink& sink) {
    std::optional<ProviderError> failure;
    try {
        OpenAiChunkStream stream(co_await client_->request("POST", "/responses", request_body));
        while (std::optional<OrderedJson> event = co_await stream.next())
            process_event(*event, model, *this, sink);
    } catch (const ProviderError& error) {
        failure = error;
    }
    co_return failure;
}

OrderedJson OpenAiNativeHandler::retry_body_without_previous_response(
    const OrderedJson& request_body, const std::string& system_prompt,
    const OrderedJson& messages) const {
    OrderedJson retry_request_body = js_object();
    for (const json::OrderedJsonMember& member : request_body.members()) {
        if (member.key != "previous_response_id") retry_request_body.set(member.key, member.value);
    }
    if (!system_prompt.empty())
        retry_request_body.set(
            "input", prepare_structured_input(system_prompt, messages, nullptr).formatted_input);
    return retry_request_body;
}

Task<void> OpenAiNativeHandler::execute_request(OrderedJson request_body, const ApiModel& model,
                                                const std::string& system_prompt,
                                                const OrderedJson& messages, ChunkSink& sink) {
    std::optional<ProviderError> sdk_error = co_await stream_with_sdk(request_body, model, sink);
    if (!sdk_error) co_return;

    const std::string& error_message = sdk_error->message();
    const bool is_400_error = sdk_error->status == 400;
    const bool is_previous_response_error =
        error_message.find("Previous response") != std::string::npos ||
        error_message.find("not found") != std::string::npos;
    if (is_400_error && js_truthy(request_body.find("previous_response_id")) &&
        is_previous_response_error) {
        // The stored response is gone: retry once with the whole conversation.
        last_response_id_.reset();
        OrderedJson retry_request_body =
            retry_body_without_previous_response(request_body, system_prompt, messages);
        if (!co_await stream_with_sdk(retry_request_body, model, sink)) co_return;
        co_await make_gpt5_responses_api_request(std::move(retry_request_body), model,
                                                 system_prompt, messages, sink);
        co_return;
    }
    // Any other failure: the raw fetch fallback.
    co_await make_gpt5_responses_api_request(std::move(request_body), model, system_prompt,
                                             messages, sink);
}

// ---- completePrompt ----

Task<std::string> OpenAiNativeHandler::complete_prompt(std::string prompt) {
    std::optional<ProviderError> failure;
    std::string text;
    try {
        const ApiModel model = get_model();
        const std::optional<std::string> reasoning_effort = get_reasoning_effort(model);

        OrderedJson content_part = js_object();
        content_part.set("type", OrderedJson::string("input_text"));
        content_part.set("text", OrderedJson::string(prompt));
        OrderedJson user_message = js_object();
        user_message.set("role", OrderedJson::string("user"));
        user_message.set("content", OrderedJson::array({std::move(content_part)}));

        OrderedJson request_body = js_object();
        request_body.set("model", OrderedJson::string(model.id));
        request_body.set("input", OrderedJson::array({std::move(user_message)}));
        request_body.set("stream", OrderedJson::boolean(false));
        request_body.set("store", OrderedJson::boolean(false));  // completions are not stored
        if (const std::optional<std::string> tier = allowed_service_tier(model.info))
            request_body.set("service_tier", OrderedJson::string(*tier));
        if (truthy(reasoning_effort))
            request_body.set("reasoning", reasoning_param(*reasoning_effort));
        if (model.info.boolean("supportsTemperature") != false) {
            request_body.set(
                "temperature",
                OrderedJson::number(
                    options_.number("modelTemperature").value_or(default_temperature(model.id))));
        }
        if (const std::optional<double> max_tokens = model.params->max_tokens;
            max_tokens && *max_tokens != 0 && !std::isnan(*max_tokens))
            request_body.set("max_output_tokens", OrderedJson::number(*max_tokens));
        if (model.info.boolean("supportsVerbosity") == true) {
            OrderedJson verbosity = js_object();
            const std::optional<std::string>& level = model.params->verbosity;
            verbosity.set("verbosity", OrderedJson::string(truthy(level) ? *level : "medium"));
            request_body.set("text", std::move(verbosity));
        }

        std::unique_ptr<HttpResponse> http_response =
            co_await client_->request("POST", "/responses", request_body);
        // The SDK's parse: null for 204, JSON for a JSON content type, else the text.
        OrderedJson response;
        const QByteArray content_type = http_response->header("content-type").value_or("");
        const QByteArray media_type = content_type.split(';').front().trimmed();
        if (http_response->status() == 204) {
            response = OrderedJson();
        } else if (media_type.contains("application/json") || media_type.endsWith("+json")) {
            response = co_await read_json_body(*http_response);
        } else {
            response = OrderedJson::string((co_await http_response->read_all()).toStdString());
        }

        bool found = false;
        if (const OrderedJson* output = js_get(&response, "output");
            output != nullptr && output->is_array()) {
            for (const OrderedJson& output_item : output->items()) {
                const OrderedJson* content = js_get(&output_item, "content");
                if (js_string(js_get(&output_item, "type")) != "message" || !js_truthy(content) ||
                    !content->is_array())
                    continue;
                for (const OrderedJson& part : content->items()) {
                    const OrderedJson* part_text = js_get(&part, "text");
                    if (js_string(js_get(&part, "type")) == "output_text" && js_truthy(part_text)) {
                        text = json::js_to_string(*part_text);
                        found = true;
                        break;
                    }
                }
                if (found) break;
            }
        }
        // Fallback: `response.text` (which is the text configuration object on a Response).
        if (const OrderedJson* fallback = js_get(&response, "text"); !found && js_truthy(fallback))
            text = json::js_to_string(*fallback);
    } catch (const ProviderError& error) {
        failure = ProviderError("Error", "OpenAI Native completion error: " + error.message());
    } catch (const TransportError& error) {
        failure = ProviderError(
            "Error", "OpenAI Native completion error: " + undici_fetch_error(error).message());
    }
    if (failure) throw *failure;
    co_return text;
}

}  // namespace lapce_ai::providers
