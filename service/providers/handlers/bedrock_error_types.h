#pragma once

// The error taxonomy of AwsBedrockHandler (bedrock.ts ERROR_TYPES, getErrorType,
// formatErrorMessage): which kind of failure an error is, judged from its HTTP status, its name
// and its message, and the text the user is shown for it.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "provider_error.h"

namespace lapce_ai::providers {

struct BedrockErrorType {
    std::string_view key;                    // "THROTTLING", …, "GENERIC"
    std::vector<std::string_view> patterns;  // matched in the lower-cased message or name
    std::string_view message_template;       // with {errorMessage}-style placeholders
    std::string_view log_level;
};

// ERROR_TYPES[key], GENERIC for an unknown key.
const BedrockErrorType& bedrock_error_type(std::string_view key);

// getErrorType. VALIDATION_ERROR, ABORT and INVALID_ARN_FORMAT are defined but not in the
// order the reference checks, so they are never returned (such errors are GENERIC).
std::string_view get_bedrock_error_type(const ProviderError& error);

// formatErrorMessage: the type's template with each variable replaced in turn, as
// `template.replace(new RegExp("{" + key + "}", "g"), value || "")` does (`$&`, `$$`, … in a
// value keep their String.prototype.replace meaning).
std::string format_bedrock_error_message(
    std::string_view error_type, const std::vector<std::pair<std::string, std::string>>& vars);

}  // namespace lapce_ai::providers
