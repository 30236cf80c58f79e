#include <algorithm>
#include <array>
#include <functional>
#include <string>

#include "anthropic_handler.h"
#include "anthropic_vertex_handler.h"
#include "api_handler.h"
#include "bedrock_handler.h"
#include "cerebras_handler.h"
#include "deepinfra_handler.h"
#include "gemini_handler.h"
#include "glama_handler.h"
#include "huggingface_handler.h"
#include "lite_llm_handler.h"
#include "lm_studio_handler.h"
#include "mistral_handler.h"
#include "native_ollama_handler.h"
#include "openai_compatible_handler.h"
#include "openai_handler.h"
#include "openai_native_handler.h"
#include "openai_subclass_handlers.h"
#include "openrouter_handler.h"
#include "qwen_code_handler.h"
#include "requesty_handler.h"
#include "unbound_handler.h"
#include "vercel_ai_gateway_handler.h"
#include "vertex_handler.h"

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

// Claude models on Vertex AI go through the Anthropic SDK, the others through @google/genai.
Factory make_vertex() {
    return [](const ProviderSettings& settings,
              const ProviderContext& context) -> std::unique_ptr<ApiHandler> {
        if (settings.string("apiModelId").value_or("").starts_with("claude"))
            return std::make_unique<AnthropicVertexHandler>(settings, context);
        return std::make_unique<VertexHandler>(settings, context);
    };
}

// A row of openai_compatible_table.h.
Factory compatible(std::string_view api_provider) {
    return [api_provider](const ProviderSettings& settings, const ProviderContext& context) {
        return std::make_unique<OpenAiCompatibleHandler>(
            *find_openai_compatible_provider(api_provider), settings, context);
    };
}

struct Entry {
    std::string_view name;
    Factory factory;
};

// The providers of src/api/index.ts served here, in the reference's order.
const std::vector<Entry>& handler_table() {
    // clang-format off
    static const std::vector<Entry> table = {
        {"anthropic", make<AnthropicHandler>()},
        {"glama", make<GlamaHandler>()},
        {"openrouter", make<OpenRouterHandler>()},
        {"bedrock", make<AwsBedrockHandler>()},
        {"vertex", make_vertex()},
        {"openai", make<OpenAiHandler>()},
        {"ollama", make<NativeOllamaHandler>()},
        {"lmstudio", make<LmStudioHandler>()},
        {"gemini", make<GeminiHandler>()},
        {"openai-native", make<OpenAiNativeHandler>()},
        {"deepseek", make<DeepSeekHandler>()},
        {"doubao", make<DoubaoHandler>()},
        {"qwen-code", make<QwenCodeHandler>()},
        {"moonshot", make<MoonshotHandler>()},
        {"mistral", make<MistralHandler>()},
        {"unbound", make<UnboundHandler>()},
        {"requesty", make<RequestyHandler>()},
        {"xai", compatible("xai")},
        {"groq", compatible("groq")},
        {"deepinfra", make<DeepInfraHandler>()},
        {"huggingface", make<HuggingFaceHandler>()},
        {"chutes", compatible("chutes")},
        {"litellm", make<LiteLlmHandler>()},
        {"cerebras", make<CerebrasHandler>()},
        {"sambanova", compatible("sambanova")},
        {"zai", compatible("zai")},
        {"fireworks", compatible("fireworks")},
        {"io-intelligence", compatible("io-intelligence")},
        {"roo", compatible("roo")},
        {"featherless", compatible("featherless")},
        {"vercel-ai-gateway", make<VercelAiGatewayHandler>()},
    };
    // clang-format on
    return table;
}

// The cases of buildApiHandler's switch; every other name (and none) gets the Anthropic
// handler, as its `default:` does.
// clang-format off
constexpr std::string_view kReferenceProviders[] = {
    "anthropic", "claude-code", "glama", "openrouter", "bedrock", "vertex", "openai", "ollama",
    "lmstudio", "gemini", "openai-native", "deepseek", "doubao", "qwen-code", "moonshot",
    "vscode-lm", "mistral", "unbound", "requesty", "human-relay", "fake-ai", "xai", "groq",
    "deepinfra", "huggingface", "chutes", "litellm", "cerebras", "sambanova", "zai", "fireworks",
    "io-intelligence", "roo", "featherless", "vercel-ai-gateway"};
// clang-format on

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
    const bool known = std::find(std::begin(kReferenceProviders), std::end(kReferenceProviders),
                                 api_provider) != std::end(kReferenceProviders);
    const std::string_view name = known ? api_provider : std::string_view("anthropic");
    for (const Entry& entry : handler_table()) {
        if (entry.name == name) return entry.factory(settings, context);
    }
    throw ProviderError("Error",
                        "The " + std::string(name) + " provider is not available in lapce-ai yet.");
}

}  // namespace lapce_ai::providers
