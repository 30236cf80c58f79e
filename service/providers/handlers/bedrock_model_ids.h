#pragma once

// How AwsBedrockHandler reads model ids (bedrock.ts): Bedrock ARNs, the cross-region inference
// profile prefixes of AWS_INFERENCE_PROFILE_MAPPING ("us.", "eu.", "apac.", …) and the guessed
// info of ids missing from bedrockModels.

#include <optional>
#include <string>
#include <string_view>

#include "ordered_json.h"

namespace lapce_ai::providers {

// parseArn's result.
struct BedrockArnInfo {
    bool is_valid = false;
    std::optional<std::string> region;
    std::optional<std::string> model_type;  // "foundation-model", "prompt-router", …
    std::optional<std::string> model_id;    // without a cross-region prefix
    std::optional<std::string> error_message;
    bool cross_region_inference = false;
};

// `region`: the user's selected region, compared with the ARN's.
BedrockArnInfo parse_bedrock_arn(std::string_view arn,
                                 const std::optional<std::string>& region = std::nullopt);

// parseBaseModelId: the id without a leading inference-profile prefix.
std::string parse_base_model_id(std::string_view model_id);

// getPrefixForRegion: the first AWS_INFERENCE_PROFILE_MAPPING prefix whose region pattern starts
// the region.
std::optional<std::string> get_prefix_for_region(std::string_view region);
bool is_system_inference_profile(std::string_view prefix);

// guessModelInfoFromId: the Partial<ModelInfo> of the first pattern the lower-cased id contains.
json::OrderedJson guess_model_info_from_id(std::string_view model_id);

}  // namespace lapce_ai::providers
