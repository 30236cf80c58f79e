#include "api_handler.h"
#include "tiktoken.h"

namespace lapce_ai::providers {

// BaseProvider.countTokens: tiktoken, 0 for no blocks.
Task<double> ApiHandler::count_tokens(json::OrderedJson content) {
    if (content.is_array() && content.items().empty()) co_return 0;
    Expected<double, ProviderError> counted = tiktoken(content);
    if (!counted) throw counted.error();
    co_return *counted;
}

}  // namespace lapce_ai::providers
