#include <array>
#include <functional>
#include <string>

#include "api_handler.h"
#include "deepinfra_handler.h"
#include "glama_handler.h"
#include "huggingface_handler.h"
#include "lite_llm_handler.h"
#include "openai_handler.h"
#include "openai_subclass_handlers.h"
#include "openrouter_handler.h"
#include "requesty_handler.h"
#include "unbound_handler.h"
#include "vercel_ai_gateway_handler.h"

namespace lapce_ai::providers {

namespace {

using Factory =
    std::function<std::unique_ptr<ApiHandler>(const ProviderSettings&, const ProviderContext&)>;

template <typename Handler>
Factory make() {
    return [](const ProviderSettings& settings, const ProviderContext& context) {
        return std::make_unique<Handler>(settings, context);
    };
}

struct Entry {
    std::string_view name;
    Factory factory;
};

// The providers of src/api/index.ts served here, in the reference's order.
const std::vector<Entry>& handler_table() {
    static const std::vector<Entry> table = {
        {"glama", make<GlamaHandler>()},
        {"openrouter", make<OpenRouterHandler>()},
        {"openai", make<OpenAiHandler>()},
        {"deepseek", make<DeepSeekHandler>()},
        {"doubao", make<DoubaoHandler>()},
        {"moonshot", make<MoonshotHandler>()},
        {"unbound", make<UnboundHandler>()},
        {"requesty", make<RequestyHandler>()},
        {"deepinfra", make<DeepInfraHandler>()},
        {"huggingface", make<HuggingFaceHandler>()},
        {"litellm", make<LiteLlmHandler>()},
        {"vercel-ai-gateway", make<VercelAiGatewayHandler>()},
    };
    return table;
}

// Handlers that live in the editor or drive another program; the service cannot run them.
constexpr std::array<std::string_view, 4> kEditorBound = {"claude-code", "vscode-lm", "human-relay",
                                                          "fake-ai"};

}  // namespace

std::unique_ptr<ApiHandler> build_api_handler(std::string_view api_provider,
                                              const ProviderSettings& settings,
                                              const ProviderContext& context) {
    for (const std::string_view bound : kEditorBound) {
        if (api_provider == bound)
            throw ProviderError(
                "Error", "The " + std::string(api_provider) +
                             " provider runs inside the editor and is not available in lapce-ai.");
    }
    // Unknown or absent providers get the Anthropic handler, as in the reference.
    const std::string_view name =
        api_provider.empty() ? std::string_view("anthropic") : api_provider;
    for (const Entry& entry : handler_table()) {
        if (entry.name == name) return entry.factory(settings, context);
    }
    throw ProviderError("Error",
                        "The " + std::string(name) + " provider is not available in lapce-ai yet.");
}

}  // namespace lapce_ai::providers
