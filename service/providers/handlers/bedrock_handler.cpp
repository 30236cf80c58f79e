#include "bedrock_handler.h"

#include <QString>
#include <algorithm>

#include "bedrock_converse_format.h"
#include "bedrock_error_types.h"
#include "bedrock_sdk_errors.h"
#include "js_access.h"
#include "json_access.h"
#include "model_params.h"
#include "model_tables.h"
#include "reasoning_support.h"

namespace lapce_ai::providers {

using json::OrderedJson;

namespace {

double bedrock_default_temperature() {
    return model_constant_number("BEDROCK_DEFAULT_TEMPERATURE");
}

bool is_1m_context_model(const std::string& model_id) {
    return model_constant_has("BEDROCK_1M_CONTEXT_MODEL_IDS", parse_base_model_id(model_id));
}

// `value || fallback` for a member of the model info.
OrderedJson info_or(const ModelInfo& info, std::string_view key, OrderedJson fallback) {
    const OrderedJson* value = info.value(key);
    return value != nullptr && json::js_truthy(*value) ? *value : fallback;
}

std::vector<std::string> string_list(const OrderedJson& value) {
    std::vector<std::string> list;
    for (const OrderedJson& item : value.items()) {
        if (item.is_string()) list.push_back(item.as_string());
    }
    return list;
}

// `text.substring(0, 20)` in UTF-16 code units.
std::string first_code_units(const std::string& text, int count) {
    return QString::fromStdString(text).left(count).toStdString();
}

}  // namespace

AwsBedrockHandler::AwsBedrockHandler(ProviderSettings options, const ProviderContext& context)
    : options_(std::move(options)), context_(context) {
    const std::optional<std::string> region = options_.string("awsRegion");
    if (options_.truthy("awsCustomArn")) {
        arn_info_ = parse_bedrock_arn(*options_.string("awsCustomArn"), region);
        if (!arn_info_.is_valid) {
            const std::string message =
                arn_info_.error_message && !arn_info_.error_message->empty()
                    ? *arn_info_.error_message
                    : "Invalid ARN format. ARN should follow the pattern: "
                      "arn:aws:bedrock:region:account-id:resource-type/resource-name";
            throw ProviderError("Error", "INVALID_ARN_FORMAT:" + message);
        }
        // The ARN's region wins over the selected one.
        if (arn_info_.region && !arn_info_.region->empty() && arn_info_.region != region)
            options_.set("awsRegion", OrderedJson::string(*arn_info_.region));
        options_.set("apiModelId", OrderedJson::string(*arn_info_.model_id));
        // The reference reads `arnInfo.awsUseCrossRegionInference`, which parseArn never sets
        // (it sets crossRegionInference), so the setting is left as it is.
    }

    if (!options_.truthy("modelTemperature"))
        options_.set("modelTemperature", OrderedJson::number(bedrock_default_temperature()));

    const ApiModel model = get_model();
    cost_model_id_ = model.id;
    cost_model_info_ = model.info;

    BedrockRuntimeClientConfig config;
    config.region = options_.string("awsRegion");
    if (options_.truthy("awsBedrockEndpoint") && options_.truthy("awsBedrockEndpointEnabled"))
        config.endpoint = options_.string("awsBedrockEndpoint");
    config.auth = bedrock_auth_from_settings(options_);
    client_ = std::make_unique<BedrockRuntimeClient>(std::move(config), context_);
}

ApiModel AwsBedrockHandler::get_model_by_id(const std::optional<std::string>& model_id,
                                            const std::optional<std::string>& model_type) const {
    ApiModel model;
    const std::optional<std::string> base_model_id =
        model_id ? std::optional<std::string>(parse_base_model_id(*model_id)) : std::nullopt;
    std::optional<ModelInfo> known =
        base_model_id ? find_model_info("bedrock", *base_model_id) : std::nullopt;
    if (known) {
        model.id = *base_model_id;
        model.info = *known;
    } else if (model_type && model_type->find("router") != std::string::npos) {
        model.id = model_constant_string("bedrockDefaultPromptRouterModelId");
        model.info = *find_model_info("bedrock", model.id);
    } else {
        if (!model_id)
            throw ProviderError("TypeError",
                                "Cannot read properties of undefined (reading 'toLowerCase')");
        const OrderedJson guessed = guess_model_info_from_id(*model_id);
        model.id = default_model_id("bedrock");
        model.info = *default_model_info("bedrock");
        for (const json::OrderedJsonMember& member : guessed.members())
            model.info.set(member.key, member.value);
    }

    // The user's maxTokens and context window override the known or guessed ones.
    if (options_.truthy("modelMaxTokens") && options_.number("modelMaxTokens") > 0.0)
        model.info.set("maxTokens", OrderedJson::number(*options_.number("modelMaxTokens")));
    if (options_.truthy("awsModelContextWindow") && options_.number("awsModelContextWindow") > 0.0)
        model.info.set("contextWindow",
                       OrderedJson::number(*options_.number("awsModelContextWindow")));
    return model;
}

ApiModel AwsBedrockHandler::get_model() {
    if (!QString::fromStdString(cost_model_id_).trimmed().isEmpty()) {
        ApiModel model;
        model.id = cost_model_id_;
        model.info = cost_model_info_;
        model.params = get_model_params("anthropic", model.id, model.info, options_,
                                        bedrock_default_temperature());
        return model;
    }

    ApiModel model_config;
    if (options_.truthy("awsCustomArn")) {
        model_config = get_model_by_id(arn_info_.model_id, arn_info_.model_type);
        // A foundation-model ARN is the same as picking the model; any other resource is
        // addressed by its ARN.
        if (arn_info_.model_type != "foundation-model")
            model_config.id = *options_.string("awsCustomArn");
    } else {
        model_config = get_model_by_id(options_.string("apiModelId"));
        if (options_.truthy("awsUseCrossRegionInference") && options_.truthy("awsRegion")) {
            if (const auto prefix = get_prefix_for_region(*options_.string("awsRegion")))
                model_config.id = *prefix + model_config.id;
        }
    }

    if (is_1m_context_model(model_config.id) && options_.truthy("awsBedrock1MContext"))
        model_config.info.set("contextWindow", OrderedJson::number(1'000'000));

    model_config.params = get_model_params("anthropic", model_config.id, model_config.info,
                                           options_, bedrock_default_temperature());
    return model_config;
}

bool AwsBedrockHandler::supports_aws_prompt_cache(const ApiModel& model_config) const {
    const OrderedJson* fields = model_config.info.value("cachableFields");
    return model_config.info.supports_prompt_cache() && fields != nullptr && fields->is_array() &&
           !fields->items().empty();
}

OrderedJson AwsBedrockHandler::inference_config(const ApiModel& model_config) const {
    OrderedJson config = OrderedJson::object({});
    // modelConfig.maxTokens || modelConfig.info.maxTokens
    const std::optional<double> max_tokens = model_config.params->max_tokens;
    if (max_tokens && *max_tokens != 0) {
        config.set("maxTokens", OrderedJson::number(*max_tokens));
    } else if (const OrderedJson* info_max = model_config.info.value("maxTokens")) {
        config.set("maxTokens", *info_max);
    }
    // modelConfig.temperature ?? this.options.modelTemperature
    if (model_config.params->temperature) {
        config.set("temperature", OrderedJson::number(*model_config.params->temperature));
    } else if (const OrderedJson* temperature = options_.value("modelTemperature")) {
        config.set("temperature", *temperature);
    }
    return config;
}

AwsBedrockHandler::ConverseMessages AwsBedrockHandler::convert_to_converse_messages(
    const OrderedJson& anthropic_messages, const std::optional<std::string>& system_message,
    bool use_prompt_cache, const ModelInfo& model_info,
    const std::optional<std::string>& conversation_id) {
    OrderedJson converted = convert_to_bedrock_converse_messages(anthropic_messages);
    const bool has_system = system_message && !system_message->empty();

    if (!use_prompt_cache) {
        OrderedJson system = OrderedJson::array({});
        if (has_system)
            system.push_back(OrderedJson::object({{"text", OrderedJson::string(*system_message)}}));
        return {std::move(system), std::move(converted)};
    }

    CacheStrategyConfig config;
    config.model_info.max_tokens =
        info_or(model_info, "maxTokens", OrderedJson::number(8192)).as_number();
    config.model_info.context_window =
        info_or(model_info, "contextWindow", OrderedJson::number(200'000)).as_number();
    config.model_info.supports_prompt_cache = model_info.supports_prompt_cache();
    config.model_info.max_cache_points =
        info_or(model_info, "maxCachePoints", OrderedJson::number(0)).as_number();
    config.model_info.min_tokens_per_cache_point =
        info_or(model_info, "minTokensPerCachePoint", OrderedJson::number(50)).as_number();
    config.model_info.cachable_fields =
        string_list(info_or(model_info, "cachableFields", OrderedJson::array({})));
    config.system_prompt = system_message;
    config.messages = anthropic_messages;
    config.use_prompt_cache = use_prompt_cache;
    if (conversation_id) {
        const auto previous = previous_cache_point_placements_.find(*conversation_id);
        if (previous != previous_cache_point_placements_.end())
            config.previous_cache_point_placements = previous->second;
    }

    const CacheResult cache_result =
        MultiPointStrategy(std::move(config)).determine_optimal_cache_points();
    if (conversation_id && cache_result.message_cache_point_placements)
        previous_cache_point_placements_[*conversation_id] =
            *cache_result.message_cache_point_placements;

    // The cache points go onto the converter's messages.
    const auto& placements = cache_result.message_cache_point_placements;
    for (std::size_t index = 0; placements && index < converted.items().size(); ++index) {
        const bool placed = std::any_of(
            placements->begin(), placements->end(),
            [&](const CachePointPlacement& placement) { return placement.index == index; });
        if (!placed) continue;
        OrderedJson& message = converted.mutable_items()[index];
        OrderedJson content = OrderedJson::array({});
        if (const OrderedJson* existing = message.find("content"); existing && existing->is_array())
            content = *existing;
        content.push_back(create_cache_point());
        message.set("content", std::move(content));
    }
    return {cache_result.system, std::move(converted)};
}

Task<std::string> AwsBedrockHandler::complete_prompt(std::string prompt) {
    std::optional<ProviderError> failure;
    try {
        const ApiModel model_config = get_model();
        OrderedJson user_message = OrderedJson::object(
            {{"role", OrderedJson::string("user")}, {"content", OrderedJson::string(prompt)}});
        const std::string conversation_id = "prompt_" + first_code_units(prompt, 20);
        OrderedJson payload = OrderedJson::object({});
        payload.set("modelId", OrderedJson::string(model_config.id));
        payload.set("messages", convert_to_converse_messages(
                                    OrderedJson::array({std::move(user_message)}), std::nullopt,
                                    false, model_config.info, conversation_id)
                                    .messages);
        payload.set("inferenceConfig", inference_config(model_config));

        const OrderedJson response = co_await client_->converse(payload);
        const OrderedJson* content =
            js_get(js_get(js_get(&response, "output"), "message"), "content");
        const OrderedJson* text = js_get(js_at(content, 0), "text");
        if (content != nullptr && content->is_array() && !content->items().empty() &&
            js_truthy(text) && text->is_string() &&
            !QString::fromStdString(text->as_string()).trimmed().isEmpty())
            co_return text->as_string();
        co_return std::string();
    } catch (const ProviderError& error) {
        failure = error;
    } catch (const std::exception& error) {
        failure = ProviderError("Error", error.what());
    }
    throw enhanced_error(*failure, bedrock_completion_error(*failure));
}

}  // namespace lapce_ai::providers
