#include "provider_setting_names.h"

namespace lapce_ai::providers {

const std::vector<ProviderSettingNames>& all_provider_setting_names() {
    static const std::vector<ProviderSettingNames> table = {
        {"anthropic", "apiModelId", "anthropicBaseUrl", "apiKey", {"ANTHROPIC_API_KEY"}},
        {"openai", "openAiModelId", "openAiBaseUrl", "openAiApiKey", {"OPENAI_API_KEY"}},
        {"openai-native",
         "apiModelId",
         "openAiNativeBaseUrl",
         "openAiNativeApiKey",
         {"OPENAI_API_KEY"}},
        {"gemini",
         "apiModelId",
         "googleGeminiBaseUrl",
         "geminiApiKey",
         {"GEMINI_API_KEY", "GOOGLE_API_KEY"}},
        {"openrouter",
         "openRouterModelId",
         "openRouterBaseUrl",
         "openRouterApiKey",
         {"OPENROUTER_API_KEY"}},
        {"deepseek", "apiModelId", "deepSeekBaseUrl", "deepSeekApiKey", {"DEEPSEEK_API_KEY"}},
        {"moonshot", "apiModelId", "moonshotBaseUrl", "moonshotApiKey", {"MOONSHOT_API_KEY"}},
        {"doubao",
         "apiModelId",
         "doubaoBaseUrl",
         "doubaoApiKey",
         {"ARK_API_KEY", "DOUBAO_API_KEY"}},
        {"groq", "apiModelId", "", "groqApiKey", {"GROQ_API_KEY"}},
        {"xai", "apiModelId", "", "xaiApiKey", {"XAI_API_KEY"}},
        {"mistral", "apiModelId", "mistralCodestralUrl", "mistralApiKey", {"MISTRAL_API_KEY"}},
        {"sambanova", "apiModelId", "", "sambaNovaApiKey", {"SAMBANOVA_API_KEY"}},
        {"fireworks", "apiModelId", "", "fireworksApiKey", {"FIREWORKS_API_KEY"}},
        {"cerebras", "apiModelId", "", "cerebrasApiKey", {"CEREBRAS_API_KEY"}},
        {"zai", "apiModelId", "", "zaiApiKey", {"ZAI_API_KEY"}},
        {"chutes", "apiModelId", "", "chutesApiKey", {"CHUTES_API_KEY"}},
        {"featherless", "apiModelId", "", "featherlessApiKey", {"FEATHERLESS_API_KEY"}},
        {"io-intelligence",
         "ioIntelligenceModelId",
         "",
         "ioIntelligenceApiKey",
         {"IO_INTELLIGENCE_API_KEY"}},
        {"huggingface",
         "huggingFaceModelId",
         "",
         "huggingFaceApiKey",
         {"HF_TOKEN", "HUGGINGFACE_API_KEY"}},
        {"deepinfra",
         "deepInfraModelId",
         "deepInfraBaseUrl",
         "deepInfraApiKey",
         {"DEEPINFRA_API_KEY"}},
        {"litellm", "litellmModelId", "litellmBaseUrl", "litellmApiKey", {"LITELLM_API_KEY"}},
        {"glama", "glamaModelId", "", "glamaApiKey", {"GLAMA_API_KEY"}},
        {"unbound", "unboundModelId", "", "unboundApiKey", {"UNBOUND_API_KEY"}},
        {"requesty", "requestyModelId", "requestyBaseUrl", "requestyApiKey", {"REQUESTY_API_KEY"}},
        {"vercel-ai-gateway",
         "vercelAiGatewayModelId",
         "",
         "vercelAiGatewayApiKey",
         {"AI_GATEWAY_API_KEY"}},
        {"roo", "apiModelId", "", "", {}},
        {"qwen-code", "apiModelId", "", "", {}},
        {"lmstudio", "lmStudioModelId", "lmStudioBaseUrl", "", {}},
        {"ollama", "ollamaModelId", "ollamaBaseUrl", "ollamaApiKey", {"OLLAMA_API_KEY"}},
        {"bedrock", "apiModelId", "awsBedrockEndpoint", "awsApiKey", {"AWS_BEARER_TOKEN_BEDROCK"}},
        {"vertex", "apiModelId", "", "", {}},
    };
    return table;
}

const ProviderSettingNames* provider_setting_names(std::string_view provider) {
    for (const ProviderSettingNames& names : all_provider_setting_names()) {
        if (names.provider == provider) return &names;
    }
    return nullptr;
}

}  // namespace lapce_ai::providers
