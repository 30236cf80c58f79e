#include "anthropic_handler.h"

#include <array>
#include <string_view>
#include <vector>

#include "cost.h"
#include "js_access.h"
#include "json_access.h"
#include "model_params.h"
#include "model_tables.h"

namespace lapce_ai::providers {

using json::OrderedJson;

namespace {

constexpr std::string_view kThinkingModelId = "claude-3-7-sonnet-20250219:thinking";

// The models createMessage sends with prompt caching (both switches of the reference).
constexpr std::array<std::string_view, 9> kPromptCachingModels = {
    "claude-sonnet-4-5",         "claude-sonnet-4-20250514",   "claude-opus-4-1-20250805",
    "claude-opus-4-20250514",    "claude-3-7-sonnet-20250219", "claude-3-5-sonnet-20241022",
    "claude-3-5-haiku-20241022", "claude-3-opus-20240229",     "claude-3-haiku-20240307"};

bool is_prompt_caching_model(std::string_view id) {
    for (const std::string_view candidate : kPromptCachingModels) {
        if (id == candidate) return true;
    }
    return false;
}

bool is_sonnet_4(std::string_view id) {
    return id == "claude-sonnet-4-20250514" || id == "claude-sonnet-4-5";
}

OrderedJson ephemeral() {
    OrderedJson object = js_object();
    object.set("type", OrderedJson::string("ephemeral"));
    return object;
}

// {...info, contextWindow: tier.contextWindow, inputPrice: tier.inputPrice, …}: a field the tier
// leaves undefined becomes undefined (left out of the object).
OrderedJson with_tier_pricing(const OrderedJson& info, const OrderedJson& tier) {
    static constexpr std::array<std::string_view, 5> kTierFields = {
        "contextWindow", "inputPrice", "outputPrice", "cacheWritesPrice", "cacheReadsPrice"};
    std::vector<json::OrderedJsonMember> members;
    auto tier_field = [](std::string_view key) {
        for (const std::string_view field : kTierFields) {
            if (key == field) return true;
        }
        return false;
    };
    for (const json::OrderedJsonMember& member : info.members()) {
        if (!tier_field(member.key))
            members.push_back(member);
        else if (const OrderedJson* value = tier.find(member.key))
            members.push_back({member.key, *value});
    }
    OrderedJson result = OrderedJson::object(std::move(members));
    for (const std::string_view field : kTierFields) {
        if (info.find(field) == nullptr)
            js::set_defined(result, std::string(field), tier.find(field));
    }
    return result;
}

// {...content, cache_control}
OrderedJson with_cache_control(const OrderedJson& content) {
    OrderedJson marked = content.is_object() ? content : js_object();
    marked.set("cache_control", ephemeral());
    return marked;
}

// The last two user messages get a cache breakpoint on their last content block.
OrderedJson with_user_cache_breakpoints(const OrderedJson& messages) {
    const OrderedJson& list = js::as_array(&messages, "messages", "reduce");
    std::vector<std::size_t> user_indices;
    for (std::size_t index = 0; index < list.items().size(); ++index) {
        if (js::is(js::get(list.items()[index], "role"), "user")) user_indices.push_back(index);
    }
    const std::size_t count = user_indices.size();
    OrderedJson mapped = OrderedJson::array({});
    for (std::size_t index = 0; index < list.items().size(); ++index) {
        const OrderedJson& message = list.items()[index];
        const bool marked = (count >= 1 && index == user_indices[count - 1]) ||
                            (count >= 2 && index == user_indices[count - 2]);
        if (!marked) {
            mapped.push_back(message);
            continue;
        }
        const OrderedJson* content = js::get(message, "content");
        OrderedJson new_content = OrderedJson::array({});
        if (js::is_string(content)) {
            OrderedJson part = js_object();
            part.set("type", OrderedJson::string("text"));
            part.set("text", *content);
            part.set("cache_control", ephemeral());
            new_content.push_back(std::move(part));
        } else {
            const OrderedJson& blocks = js::as_array(content, "message.content", "map");
            for (std::size_t block = 0; block < blocks.items().size(); ++block) {
                new_content.push_back(block + 1 == blocks.items().size()
                                          ? with_cache_control(blocks.items()[block])
                                          : blocks.items()[block]);
            }
        }
        OrderedJson copy = message;
        copy.set("content", std::move(new_content));
        mapped.push_back(std::move(copy));
    }
    return mapped;
}

OrderedJson system_block(const std::string& system_prompt, bool cache) {
    OrderedJson block = js_object();
    block.set("text", OrderedJson::string(system_prompt));
    block.set("type", OrderedJson::string("text"));
    if (cache) block.set("cache_control", ephemeral());
    return block;
}

// `const { input_tokens = 0, … } = chunk.message.usage`
const OrderedJson& destructured_usage(const OrderedJson& chunk) {
    const OrderedJson* usage = js::get(js::get(chunk, "message"), "usage");
    if (usage == nullptr || usage->is_null()) {
        throw ProviderError("TypeError",
                            "Cannot destructure property 'input_tokens' of 'chunk.message.usage' "
                            "as it is " +
                                std::string(usage == nullptr ? "undefined" : "null") + ".");
    }
    return *usage;
}

std::string text_or_empty(const OrderedJson* value) {
    return js_string(value).value_or("");
}

}  // namespace

AnthropicHandler::AnthropicHandler(ProviderSettings options, const ProviderContext& context)
    : options_(std::move(options)) {
    AnthropicClientOptions client;
    if (options_.truthy("anthropicBaseUrl")) client.base_url = options_.string("anthropicBaseUrl");
    if (options_.truthy("anthropicBaseUrl") && options_.truthy("anthropicUseAuthToken")) {
        client.auth_token = options_.string("apiKey");
    } else {
        client.api_key = options_.string("apiKey");
    }
    client_ = std::make_unique<AnthropicClient>(std::move(client), context);
}

ApiModel AnthropicHandler::get_model() {
    const std::optional<std::string> model_id = options_.string("apiModelId");
    std::optional<ModelInfo> found;
    if (model_id && !model_id->empty()) found = find_model_info("anthropic", *model_id);
    const std::string id = found ? *model_id : default_model_id("anthropic");
    ModelInfo info = found ? *found : *find_model_info("anthropic", id);

    if (is_sonnet_4(id) && options_.truthy("anthropicBeta1MContext")) {
        // Use the tier pricing for 1M context
        const OrderedJson* tier = js_at(info.value("tiers"), 0);
        if (js_truthy(tier)) info = ModelInfo(with_tier_pricing(info.json(), *tier));
    }

    ApiModel model;
    model.params = get_model_params("anthropic", id, info, options_);
    // The `:thinking` suffix marks the hybrid model with reasoning required; the API knows the
    // model without it.
    model.id = id == kThinkingModelId ? std::string("claude-3-7-sonnet-20250219") : id;
    model.info = std::move(info);
    if (id == kThinkingModelId) {
        model.extra = js_object();
        model.extra.set("betas",
                        OrderedJson::array({OrderedJson::string("output-128k-2025-02-19")}));
    }
    return model;
}

Task<void> AnthropicHandler::create_message(std::string system_prompt, OrderedJson messages,
                                            ApiHandlerCreateMessageMetadata /*metadata*/,
                                            ChunkSink& sink) {
    const ApiModel model = get_model();
    const std::string& model_id = model.id;
    std::vector<std::string> betas;
    if (const OrderedJson* listed = js_get(&model.extra, "betas"); listed && listed->is_array()) {
        for (const OrderedJson& beta : listed->items()) betas.push_back(beta.as_string());
    }
    const double max_tokens =
        model.params->max_tokens.value_or(model_constant_number("ANTHROPIC_DEFAULT_MAX_TOKENS"));

    // Add 1M context beta flag if enabled for Claude Sonnet 4 and 4.5
    if (is_sonnet_4(model_id) && options_.truthy("anthropicBeta1MContext"))
        betas.emplace_back("context-1m-2025-08-07");

    OrderedJson request = js_object();
    request.set("model", OrderedJson::string(model_id));
    request.set("max_tokens", OrderedJson::number(max_tokens));
    if (model.params->temperature)
        request.set("temperature", OrderedJson::number(*model.params->temperature));
    HeaderList headers;
    if (is_prompt_caching_model(model_id)) {
        if (!model.params->reasoning.is_null()) request.set("thinking", model.params->reasoning);
        // Setting cache breakpoint for system prompt so new tasks can reuse it.
        request.set("system", OrderedJson::array({system_block(system_prompt, true)}));
        request.set("messages", with_user_cache_breakpoints(messages));
        request.set("stream", OrderedJson::boolean(true));
        betas.emplace_back("prompt-caching-2024-07-31");
        std::string joined;
        for (const std::string& beta : betas) joined += (joined.empty() ? "" : ",") + beta;
        headers.emplace_back("anthropic-beta", joined);
    } else {
        request.set("system", OrderedJson::array({system_block(system_prompt, false)}));
        request.set("messages", std::move(messages));
        request.set("stream", OrderedJson::boolean(true));
    }
    std::unique_ptr<AnthropicEventStream> stream =
        co_await client_->create_message_stream(std::move(request), std::move(headers));

    double input_tokens = 0;
    double output_tokens = 0;
    double cache_write_tokens = 0;
    double cache_read_tokens = 0;

    while (std::optional<OrderedJson> chunk = co_await stream->next()) {
        const OrderedJson* type = js::get(*chunk, "type");
        if (js::is(type, "message_start")) {
            // Tells us cache reads/writes/input/output.
            const OrderedJson& usage = destructured_usage(*chunk);
            const double input = js_number(usage.find("input_tokens")).value_or(0);
            const double output = js_number(usage.find("output_tokens")).value_or(0);
            const std::optional<double> cache_write =
                js_truthy_number(usage.find("cache_creation_input_tokens"));
            const std::optional<double> cache_read =
                js_truthy_number(usage.find("cache_read_input_tokens"));
            ApiStreamUsage yielded;
            yielded.input_tokens = input;
            yielded.output_tokens = output;
            yielded.cache_write_tokens = cache_write;
            yielded.cache_read_tokens = cache_read;
            sink.on_chunk(ApiStreamChunk::usage_chunk(yielded));
            input_tokens += input;
            output_tokens += output;
            cache_write_tokens += cache_write.value_or(0);
            cache_read_tokens += cache_read.value_or(0);
        } else if (js::is(type, "message_delta")) {
            // Output tokens along the way and at the end; not added to the cost (as in the
            // reference).
            ApiStreamUsage yielded;
            yielded.output_tokens =
                js_number_or(js::get(js::get(*chunk, "usage"), "output_tokens"), 0);
            sink.on_chunk(ApiStreamChunk::usage_chunk(yielded));
        } else if (js::is(type, "content_block_start")) {
            const OrderedJson* block = js::get(*chunk, "content_block");
            const OrderedJson* block_type = js::get(block, "type");
            const bool after_first = js_number(js::get(*chunk, "index")).value_or(0) > 0;
            // Several blocks of one kind are separated by a line break.
            if (js::is(block_type, "thinking")) {
                if (after_first) sink.on_chunk(ApiStreamChunk::reasoning_chunk("\n"));
                sink.on_chunk(
                    ApiStreamChunk::reasoning_chunk(text_or_empty(js_get(block, "thinking"))));
            } else if (js::is(block_type, "text")) {
                if (after_first) sink.on_chunk(ApiStreamChunk::text_chunk("\n"));
                sink.on_chunk(ApiStreamChunk::text_chunk(text_or_empty(js_get(block, "text"))));
            }
        } else if (js::is(type, "content_block_delta")) {
            const OrderedJson* delta = js::get(*chunk, "delta");
            const OrderedJson* delta_type = js::get(delta, "type");
            if (js::is(delta_type, "thinking_delta")) {
                sink.on_chunk(
                    ApiStreamChunk::reasoning_chunk(text_or_empty(js_get(delta, "thinking"))));
            } else if (js::is(delta_type, "text_delta")) {
                sink.on_chunk(ApiStreamChunk::text_chunk(text_or_empty(js_get(delta, "text"))));
            }
        }
    }

    if (input_tokens > 0 || output_tokens > 0 || cache_write_tokens > 0 || cache_read_tokens > 0) {
        ApiStreamUsage cost;
        cost.total_cost = calculate_api_cost_anthropic(
            get_model().info, input_tokens, output_tokens, cache_write_tokens, cache_read_tokens);
        sink.on_chunk(ApiStreamChunk::usage_chunk(cost));
    }
}

Task<std::string> AnthropicHandler::complete_prompt(std::string prompt) {
    const ApiModel model = get_model();
    OrderedJson user_message = js_object();
    user_message.set("role", OrderedJson::string("user"));
    user_message.set("content", OrderedJson::string(std::move(prompt)));
    OrderedJson request = js_object();
    request.set("model", OrderedJson::string(model.id));
    request.set("max_tokens",
                OrderedJson::number(model_constant_number("ANTHROPIC_DEFAULT_MAX_TOKENS")));
    if (model.params->temperature)
        request.set("temperature", OrderedJson::number(*model.params->temperature));
    request.set("messages", OrderedJson::array({std::move(user_message)}));
    request.set("stream", OrderedJson::boolean(false));

    const OrderedJson message = co_await client_->create_message(std::move(request));
    const OrderedJson& blocks =
        js::as_array(js::get(message, "content"), "message.content", "find");
    for (const OrderedJson& block : blocks.items()) {
        if (js::is(js::get(block, "type"), "text")) co_return text_or_empty(js::get(block, "text"));
    }
    co_return std::string();
}

Task<double> AnthropicHandler::count_tokens(OrderedJson content) {
    std::optional<double> counted;
    try {
        const ApiModel model = get_model();
        OrderedJson user_message = js_object();
        user_message.set("role", OrderedJson::string("user"));
        user_message.set("content", content);
        OrderedJson request = js_object();
        request.set("model", OrderedJson::string(model.id));
        request.set("messages", OrderedJson::array({std::move(user_message)}));
        const OrderedJson response = co_await client_->count_tokens(std::move(request));
        counted = js_number(js::get(response, "input_tokens")).value_or(0);
    } catch (const std::exception&) {
        // The reference logs the failure and falls back to the tiktoken estimate.
    }
    if (counted) co_return *counted;
    co_return co_await ApiHandler::count_tokens(std::move(content));
}

}  // namespace lapce_ai::providers
