#include "gemini_handler.h"

#include "gemini_format.h"
#include "js_json_parse.h"
#include "json_access.h"
#include "model_params.h"
#include "model_tables.h"

namespace lapce_ai::providers {

using json::OrderedJson;

namespace {

// safeJsonParse(text, undefined)
OrderedJson safe_json_parse(const std::optional<std::string>& text) {
    if (!text || text->empty()) return {};
    auto parsed = json::js_json_parse(*text);
    return parsed ? std::move(*parsed) : OrderedJson();
}

std::string js_text(const OrderedJson* value) {
    if (value == nullptr) return "undefined";
    return value->is_string() ? value->as_string() : json::js_to_string(*value);
}

}  // namespace

GeminiHandler::GeminiHandler(ProviderSettings options, const ProviderContext& context,
                             bool is_vertex)
    : options_(std::move(options)) {
    const std::string project = options_.string("vertexProjectId").value_or("not-provided");
    const std::string location = options_.string("vertexRegion").value_or("not-provided");
    const std::string api_key = options_.string("geminiApiKey").value_or("not-provided");

    GoogleGenAIOptions client;
    if (options_.truthy("vertexJsonCredentials")) {
        client.vertexai = true;
        client.project = project;
        client.location = location;
        GoogleAuthOptions auth;
        auth.credentials = safe_json_parse(options_.string("vertexJsonCredentials"));
        client.google_auth_options = std::move(auth);
    } else if (options_.truthy("vertexKeyFile")) {
        client.vertexai = true;
        client.project = project;
        client.location = location;
        GoogleAuthOptions auth;
        auth.key_file = options_.string("vertexKeyFile");
        client.google_auth_options = std::move(auth);
    } else if (is_vertex) {
        client.vertexai = true;
        client.project = project;
        client.location = location;
    } else {
        client.api_key = api_key;
    }
    client_ = std::make_unique<GenaiClient>(std::move(client), context);
}

OrderedJson GeminiHandler::tools() const {
    OrderedJson list = OrderedJson::array({});
    if (options_.truthy("enableUrlContext"))
        list.push_back(OrderedJson::object({{"urlContext", OrderedJson::object({})}}));
    if (options_.truthy("enableGrounding"))
        list.push_back(OrderedJson::object({{"googleSearch", OrderedJson::object({})}}));
    return list.items().empty() ? OrderedJson() : list;
}

Task<void> GeminiHandler::create_message(std::string system_prompt, OrderedJson messages,
                                         ApiHandlerCreateMessageMetadata /*metadata*/,
                                         ChunkSink& sink) {
    const ApiModel model = get_model();
    if (!messages.is_array()) throw ProviderError("TypeError", "messages.map is not a function");
    OrderedJson contents = OrderedJson::array({});
    for (const OrderedJson& message : messages.items())
        contents.push_back(convert_anthropic_message_to_gemini(message));

    GenerateContentConfig config;
    config.system_instruction = system_prompt;
    if (options_.truthy("googleGeminiBaseUrl"))
        config.base_url = options_.string("googleGeminiBaseUrl");
    if (model.params) {
        config.thinking_config = model.params->reasoning;
        config.max_output_tokens = model.params->max_tokens;
    }
    if (const std::optional<double> configured = options_.number("modelMaxTokens"))
        config.max_output_tokens = configured;
    config.temperature = options_.number("modelTemperature").value_or(0);
    config.tools = tools();

    std::optional<std::string> failure;
    try {
        std::unique_ptr<GenaiResponseStream> stream =
            co_await client_->generate_content_stream(model.id, std::move(contents), config);
        OrderedJson last_usage_metadata;
        OrderedJson pending_grounding_metadata;
        while (std::optional<OrderedJson> chunk = co_await stream->next()) {
            const OrderedJson* candidates = js_get(&*chunk, "candidates");
            if (candidates != nullptr && candidates->is_array() && !candidates->items().empty()) {
                const OrderedJson* candidate = &candidates->items().front();
                if (const OrderedJson* grounding = js_get(candidate, "groundingMetadata");
                    js_truthy(grounding))
                    pending_grounding_metadata = *grounding;
                const OrderedJson* content = js_get(candidate, "content");
                const OrderedJson* parts = js_get(content, "parts");
                if (js_truthy(content) && js_truthy(parts)) {
                    if (!parts->is_array() && !parts->is_string())
                        throw ProviderError("TypeError", "candidate.content.parts is not iterable");
                    for (const OrderedJson& part :
                         parts->is_array() ? parts->items() : std::vector<OrderedJson>{}) {
                        const OrderedJson* text = js_get(&part, "text");
                        if (!js_truthy(text)) continue;
                        sink.on_chunk(js_truthy(js_get(&part, "thought"))
                                          ? ApiStreamChunk::reasoning_chunk(js_text(text))
                                          : ApiStreamChunk::text_chunk(js_text(text)));
                    }
                }
            } else if (std::optional<std::string> text = genai_response_text(*chunk);
                       text && !text->empty()) {
                sink.on_chunk(ApiStreamChunk::text_chunk(*text));
            }
            if (const OrderedJson* usage = js_get(&*chunk, "usageMetadata"); js_truthy(usage))
                last_usage_metadata = *usage;
        }

        if (js_truthy(&pending_grounding_metadata)) {
            std::vector<GroundingSource> sources =
                extract_grounding_sources(&pending_grounding_metadata);
            if (!sources.empty())
                sink.on_chunk(ApiStreamChunk::grounding_chunk(std::move(sources)));
        }

        if (js_truthy(&last_usage_metadata)) {
            ApiStreamUsage usage;
            usage.input_tokens =
                js_number(js_get(&last_usage_metadata, "promptTokenCount")).value_or(0);
            usage.output_tokens =
                js_number(js_get(&last_usage_metadata, "candidatesTokenCount")).value_or(0);
            usage.cache_read_tokens =
                js_number(js_get(&last_usage_metadata, "cachedContentTokenCount"));
            usage.reasoning_tokens = js_number(js_get(&last_usage_metadata, "thoughtsTokenCount"));
            usage.total_cost = calculate_cost(
                {model.info, usage.input_tokens, usage.output_tokens, usage.cache_read_tokens});
            sink.on_chunk(ApiStreamChunk::usage_chunk(usage));
        }
    } catch (const ProviderError& error) {
        failure = error.message();
    }
    if (failure) throw ProviderError("Error", "Gemini generate context stream error: " + *failure);
}

ApiModel GeminiHandler::get_model() {
    const std::optional<std::string> model_id = options_.string("apiModelId");
    std::string id = model_id && !model_id->empty() && find_model_info("gemini", *model_id)
                         ? *model_id
                         : default_model_id("gemini");
    ApiModel model;
    model.info = *find_model_info("gemini", id);
    model.params = get_model_params("gemini", id, model.info, options_);
    // The `:thinking` suffix marks a hybrid reasoning model; the API's id has none.
    if (id.ends_with(":thinking")) id.erase(id.find(":thinking"), 9);
    model.id = id;
    return model;
}

Task<std::string> GeminiHandler::complete_prompt(std::string prompt) {
    std::optional<std::string> failure;
    std::string text;
    try {
        const std::string model = get_model().id;
        GenerateContentConfig config;
        if (options_.truthy("googleGeminiBaseUrl"))
            config.base_url = options_.string("googleGeminiBaseUrl");
        config.temperature = options_.number("modelTemperature").value_or(0);
        config.tools = tools();
        OrderedJson contents = OrderedJson::array(
            {OrderedJson::object({{"role", OrderedJson::string("user")},
                                  {"parts", OrderedJson::array({OrderedJson::object(
                                                {{"text", OrderedJson::string(prompt)}})})}})});
        const OrderedJson result =
            co_await client_->generate_content(model, std::move(contents), config);
        text = genai_response_text(result).value_or("");
        const OrderedJson* candidate = js_at(js_get(&result, "candidates"), 0);
        if (const OrderedJson* grounding = js_get(candidate, "groundingMetadata");
            js_truthy(grounding)) {
            // extractCitationsOnly
            const std::vector<GroundingSource> sources = extract_grounding_sources(grounding);
            if (!sources.empty()) {
                std::string citations;
                for (std::size_t i = 0; i < sources.size(); ++i) {
                    if (i > 0) citations += ", ";
                    citations += "[" + std::to_string(i + 1) + "](" + sources[i].url + ")";
                }
                text += "\n\nSources: " + citations;
            }
        }
    } catch (const ProviderError& error) {
        failure = error.message();
    }
    if (failure) throw ProviderError("Error", "Gemini completion error: " + *failure);
    co_return text;
}

Task<double> GeminiHandler::count_tokens(OrderedJson content) {
    std::optional<double> total_tokens;
    try {
        const std::string model = get_model().id;
        const OrderedJson response =
            co_await client_->count_tokens(model, convert_anthropic_content_to_gemini(content));
        total_tokens = js_number(js_get(&response, "totalTokens"));
    } catch (const ProviderError&) {
        // "Gemini token counting failed, using fallback"
    }
    if (total_tokens) co_return *total_tokens;
    co_return co_await ApiHandler::count_tokens(std::move(content));
}

std::optional<double> GeminiHandler::calculate_cost(const CostInput& input) {
    const ModelInfo& info = input.info;
    std::optional<double> input_price = js_number(info.value("inputPrice"));
    std::optional<double> output_price = js_number(info.value("outputPrice"));
    std::optional<double> cache_reads_price = js_number(info.value("cacheReadsPrice"));
    const OrderedJson* tiers = info.value("tiers");
    if (js_truthy(tiers) && tiers->is_array()) {
        for (const OrderedJson& tier : tiers->items()) {
            const OrderedJson* context_window = js_get(&tier, "contextWindow");
            if (context_window == nullptr || context_window->type() != OrderedJson::Type::Number ||
                !(input.input_tokens <= context_window->as_number()))
                continue;
            if (auto price = js_number(js_get(&tier, "inputPrice"))) input_price = price;
            if (auto price = js_number(js_get(&tier, "outputPrice"))) output_price = price;
            if (auto price = js_number(js_get(&tier, "cacheReadsPrice"))) cache_reads_price = price;
            break;
        }
    }
    if (!input_price || *input_price == 0 || !output_price || *output_price == 0)
        return std::nullopt;
    const double cache_reads = cache_reads_price.value_or(0);
    const double cache_read_tokens = input.cache_read_tokens.value_or(0);
    const double uncached_input_tokens = input.input_tokens - cache_read_tokens;
    const double cache_read_cost =
        cache_read_tokens > 0 ? cache_reads * (cache_read_tokens / 1'000'000) : 0;
    const double input_tokens_cost = *input_price * (uncached_input_tokens / 1'000'000);
    const double output_tokens_cost = *output_price * (input.output_tokens / 1'000'000);
    return input_tokens_cost + output_tokens_cost + cache_read_cost;
}

std::vector<GroundingSource> extract_grounding_sources(const OrderedJson* grounding_metadata) {
    const OrderedJson* chunks = js_get(grounding_metadata, "groundingChunks");
    if (!js_truthy(chunks)) return {};
    if (!chunks->is_array()) throw ProviderError("TypeError", "chunks.map is not a function");
    std::vector<GroundingSource> sources;
    for (const OrderedJson& chunk : chunks->items()) {
        if (chunk.is_null())
            throw ProviderError("TypeError", "Cannot read properties of null (reading 'web')");
        const OrderedJson* web = js_get(&chunk, "web");
        const OrderedJson* uri = js_get(web, "uri");
        if (!js_truthy(uri)) continue;
        const OrderedJson* title = js_get(web, "title");
        sources.push_back({js_truthy(title) ? js_text(title) : js_text(uri), js_text(uri), {}});
    }
    return sources;
}

std::optional<std::string> genai_response_text(const OrderedJson& response) {
    const OrderedJson* parts =
        js_get(js_get(js_at(js_get(&response, "candidates"), 0), "content"), "parts");
    if (parts == nullptr || !parts->is_array() || parts->items().empty()) return std::nullopt;
    std::string text;
    bool any_text_part = false;
    for (const OrderedJson& part : parts->items()) {
        const OrderedJson* part_text = js_get(&part, "text");
        if (part_text == nullptr || !part_text->is_string()) continue;
        const OrderedJson* thought = js_get(&part, "thought");
        if (thought != nullptr && thought->type() == OrderedJson::Type::Boolean &&
            thought->as_bool())
            continue;
        any_text_part = true;
        text += part_text->as_string();
    }
    if (!any_text_part) return std::nullopt;
    return text;
}

}  // namespace lapce_ai::providers
