#include "bedrock_model_ids.h"

#include <QRegularExpression>
#include <QString>

#include "model_tables.h"

namespace lapce_ai::providers {

using json::OrderedJson;

namespace {

const OrderedJson& inference_profile_mapping() {
    return model_constant("AWS_INFERENCE_PROFILE_MAPPING");
}

OrderedJson guessed_info(double max_tokens, double context_window, bool images, bool cache) {
    return OrderedJson::object({{"maxTokens", OrderedJson::number(max_tokens)},
                                {"contextWindow", OrderedJson::number(context_window)},
                                {"supportsImages", OrderedJson::boolean(images)},
                                {"supportsPromptCache", OrderedJson::boolean(cache)}});
}

std::optional<std::string> captured(const QRegularExpressionMatch& match, int group) {
    if (match.capturedStart(group) < 0) return std::nullopt;
    return match.captured(group).toStdString();
}

}  // namespace

BedrockArnInfo parse_bedrock_arn(std::string_view arn, const std::optional<std::string>& region) {
    // The reference's regular expression; `\z` is JavaScript's `$` (PCRE's `$` would also match
    // before a final newline) and `\w` is ASCII-only in both.
    static const QRegularExpression arn_regex(QStringLiteral(
        R"(^arn:aws:(?:bedrock|sagemaker):([^:]+):([^:]*):(?:([^\/]+)\/([\w\.\-:]+)|([^\/]+))\z)"));
    const QRegularExpressionMatch match =
        arn_regex.match(QString::fromUtf8(arn.data(), static_cast<qsizetype>(arn.size())));
    const auto non_empty = [&](int group) {
        const std::optional<std::string> value = captured(match, group);
        return value && !value->empty();
    };
    if (match.hasMatch() && non_empty(1) && non_empty(3) && non_empty(4)) {
        BedrockArnInfo result;
        result.is_valid = true;
        result.model_type = captured(match, 3);
        const std::string original_model_id = *captured(match, 4);
        result.model_id = parse_base_model_id(original_model_id);
        const std::string arn_region = *captured(match, 1);
        result.region = arn_region;

        if (*result.model_id != original_model_id) {
            // originalModelId.replace(modelId, ""): the first occurrence goes.
            std::string prefix = original_model_id;
            prefix.erase(prefix.find(*result.model_id), result.model_id->size());
            result.cross_region_inference = is_system_inference_profile(prefix);
        }
        if (region && !region->empty() && arn_region != *region) {
            result.error_message =
                "Region mismatch: The region in your ARN (" + arn_region +
                ") does not match your selected region (" + *region +
                "). This may cause access issues. The provider will use the region from the ARN.";
            result.region = arn_region;
        }
        return result;
    }
    BedrockArnInfo invalid;
    invalid.error_message = "Invalid ARN format. ARN should follow the Amazon Bedrock ARN pattern.";
    return invalid;
}

std::string parse_base_model_id(std::string_view model_id) {
    if (model_id.empty()) return std::string(model_id);
    for (const OrderedJson& entry : inference_profile_mapping().items()) {
        const std::string& profile = entry.items().at(1).as_string();
        if (model_id.starts_with(profile)) return std::string(model_id.substr(profile.size()));
    }
    return std::string(model_id);
}

std::optional<std::string> get_prefix_for_region(std::string_view region) {
    for (const OrderedJson& entry : inference_profile_mapping().items()) {
        if (region.starts_with(entry.items().at(0).as_string()))
            return entry.items().at(1).as_string();
    }
    return std::nullopt;
}

bool is_system_inference_profile(std::string_view prefix) {
    for (const OrderedJson& entry : inference_profile_mapping().items()) {
        if (prefix == entry.items().at(1).as_string()) return true;
    }
    return false;
}

OrderedJson guess_model_info_from_id(std::string_view model_id) {
    // The reference's table, in its order ("claude-4" comes before "claude-4-opus", so the
    // latter never matches).
    static const std::pair<std::string_view, OrderedJson> kPatterns[] = {
        {"claude-4", guessed_info(8192, 200'000, true, true)},
        {"claude-3-7", guessed_info(8192, 200'000, true, true)},
        {"claude-3-5", guessed_info(8192, 200'000, true, true)},
        {"claude-4-opus", guessed_info(4096, 200'000, true, true)},
        {"claude-3-opus", guessed_info(4096, 200'000, true, true)},
        {"claude-3-haiku", guessed_info(4096, 200'000, true, true)},
    };
    const std::string id =
        QString::fromUtf8(model_id.data(), static_cast<qsizetype>(model_id.size()))
            .toLower()
            .toStdString();
    for (const auto& [pattern, info] : kPatterns) {
        if (id.find(pattern) != std::string::npos) return info;
    }
    return guessed_info(model_constant_number("BEDROCK_MAX_TOKENS"),
                        model_constant_number("BEDROCK_DEFAULT_CONTEXT"), false, false);
}

}  // namespace lapce_ai::providers
