#include "bedrock_error_types.h"

#include <QString>
#include <array>

#include "bedrock_sdk_errors.h"
#include "js_replace.h"

namespace lapce_ai::providers {

namespace {

const std::vector<BedrockErrorType>& error_types() {
    static const std::vector<BedrockErrorType> types = {
        {"ACCESS_DENIED",
         {"access", "denied", "permission"},
         R"~(You don't have access to the model specified.

Please verify:
1. Try cross-region inference if you're using a foundation model
2. If using an ARN, verify the ARN is correct and points to a valid model
3. Your AWS credentials have permission to access this model (check IAM policies)
4. The region in the ARN matches the region where the model is deployed
5. If using a provisioned model, ensure it's active and not in a failed state)~",
         "error"},
        {"NOT_FOUND",
         {"not found", "does not exist"},
         R"~(The specified ARN does not exist or is invalid. Please check:

1. The ARN format is correct (arn:aws:bedrock:region:account-id:resource-type/resource-name)
2. The model exists in the specified region
3. The account ID in the ARN is correct)~",
         "error"},
        {"THROTTLING",
         {"throttl", "rate", "limit", "bedrock is unable to process your request", "please wait",
          "quota exceeded", "service unavailable", "busy", "overloaded", "too many requests",
          "request limit", "concurrent requests"},
         R"~(Request was throttled or rate limited. Please try:
1. Reducing the frequency of requests
2. If using a provisioned model, check its throughput settings
3. Contact AWS support to request a quota increase if needed



)~",
         "error"},
        {"TOO_MANY_TOKENS",
         {"too many tokens", "token limit exceeded", "context length", "maximum context length"},
         R"~("Too many tokens" error detected.
Possible Causes:
1. Input exceeds model's context window limit
2. Rate limiting (too many tokens per minute)
3. Quota exceeded for token usage
4. Other token-related service limitations

Suggestions:
1. Reduce the size of your input
2. Split your request into smaller chunks
3. Use a model with a larger context window
4. If rate limited, reduce request frequency
5. Check your Amazon Bedrock quotas and limits

)~",
         "error"},
        {"SERVICE_QUOTA_EXCEEDED",
         {"service quota exceeded", "service quota", "quota exceeded for model"},
         R"~(Service quota exceeded. This error indicates you've reached AWS service limits.

Please try:
1. Contact AWS support to request a quota increase
2. Reduce request frequency temporarily
3. Check your Amazon Bedrock quotas in the AWS console
4. Consider using a different model or region with available capacity

)~",
         "error"},
        {"MODEL_NOT_READY",
         {"model not ready", "model is not ready", "provisioned throughput not ready",
          "model loading"},
         R"~(Model is not ready or still loading. This can happen with:
1. Provisioned throughput models that are still initializing
2. Custom models that are being loaded
3. Models that are temporarily unavailable

Please try:
1. Wait a few minutes and retry
2. Check the model status in Amazon Bedrock console
3. Verify the model is properly provisioned

)~",
         "error"},
        {"INTERNAL_SERVER_ERROR",
         {"internal server error", "internal error", "server error", "service error"},
         R"~(Amazon Bedrock internal server error. This is a temporary service issue.

Please try:
1. Retry the request after a brief delay
2. If the error persists, check AWS service health
3. Contact AWS support if the issue continues

)~",
         "error"},
        {"ON_DEMAND_NOT_SUPPORTED",
         {"with on-demand throughput isn’t supported."},
         R"~(
1. Try enabling cross-region inference in settings.
2. Or, create an inference profile and then leverage the "Use custom ARN..." option of the model selector in settings.)~",
         "error"},
        {"ABORT",
         {"aborterror"},
         R"~(Request was aborted: The operation timed out or was manually cancelled. Please try again or check your network connection.)~",
         "info"},
        {"INVALID_ARN_FORMAT",
         {"invalid_arn_format:", "invalid arn format"},
         R"~(Invalid ARN format. ARN should follow the pattern: arn:aws:bedrock:region:account-id:resource-type/resource-name)~",
         "error"},
        {"VALIDATION_ERROR",
         {"input tag", "does not match any of the expected tags", "field required", "validation",
          "invalid parameter"},
         R"~(Parameter validation error: {errorMessage}

This error indicates that the request parameters don't match Amazon Bedrock's expected format.

Common causes:
1. Extended thinking parameter format is incorrect
2. Model-specific parameters are not supported by this model
3. API parameter structure has changed

Please check:
- Model supports the requested features (extended thinking, etc.)
- Parameter format matches Amazon Bedrock specification
- Model ID is correct for the requested features)~",
         "error"},
        {"GENERIC", {}, R"~(Unknown Error: {errorMessage})~", "error"},
    };
    return types;
}

std::string js_to_lower_case(std::string_view text) {
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()))
        .toLower()
        .toStdString();
}

}  // namespace

const BedrockErrorType& bedrock_error_type(std::string_view key) {
    for (const BedrockErrorType& type : error_types()) {
        if (type.key == key) return type;
    }
    return bedrock_error_type("GENERIC");
}

std::string_view get_bedrock_error_type(const ProviderError& error) {
    if (error.status == 429 || aws_error_http_status_code(error) == 429) return "THROTTLING";
    if (js_error_name(error) == "ThrottlingException") return "THROTTLING";

    const std::string error_message = js_to_lower_case(error.message());
    const std::string error_name = js_to_lower_case(js_error_name(error));
    // Most specific first: SERVICE_QUOTA_EXCEEDED before THROTTLING.
    constexpr std::array<std::string_view, 8> kErrorTypeOrder = {
        "SERVICE_QUOTA_EXCEEDED",  "MODEL_NOT_READY", "TOO_MANY_TOKENS", "INTERNAL_SERVER_ERROR",
        "ON_DEMAND_NOT_SUPPORTED", "NOT_FOUND",       "ACCESS_DENIED",   "THROTTLING"};
    for (const std::string_view key : kErrorTypeOrder) {
        for (const std::string_view pattern : bedrock_error_type(key).patterns) {
            if (error_message.find(pattern) != std::string::npos ||
                error_name.find(pattern) != std::string::npos)
                return key;
        }
    }
    return "GENERIC";
}

std::string format_bedrock_error_message(
    std::string_view error_type, const std::vector<std::pair<std::string, std::string>>& vars) {
    std::string text(bedrock_error_type(error_type).message_template);
    for (const auto& [key, value] : vars) text = json::js_replace_all(text, "{" + key + "}", value);
    return text;
}

}  // namespace lapce_ai::providers
