#include "model_cache.h"

#include "deepinfra.h"
#include "glama.h"
#include "huggingface.h"
#include "litellm.h"
#include "openrouter.h"
#include "provider_error.h"
#include "requesty.h"
#include "unbound.h"
#include "vercel_ai_gateway.h"

namespace lapce_ai::providers {

namespace {

Task<ModelRecord> fetch_models(const GetModelsOptions& options, const ProviderContext& context) {
    HttpClient& http = *context.http;
    const std::string& provider = options.provider;
    if (provider == "openrouter") co_return co_await get_open_router_models(http);
    // Requesty's endpoint applies per-user policies with the key.
    if (provider == "requesty")
        co_return co_await get_requesty_models(http, options.base_url, options.api_key);
    if (provider == "glama") co_return co_await get_glama_models(http);
    // Unbound lists the models of the key's application.
    if (provider == "unbound") co_return co_await get_unbound_models(http, options.api_key);
    if (provider == "litellm")
        co_return co_await get_lite_llm_models(http, options.api_key.value_or(""),
                                               options.base_url.value_or(""));
    if (provider == "deepinfra")
        co_return co_await get_deep_infra_models(http, options.api_key, options.base_url);
    if (provider == "vercel-ai-gateway") co_return co_await get_vercel_ai_gateway_models(http);
    if (provider == "huggingface")
        co_return co_await get_hugging_face_models(http, *context.model_caches);
    // ollama, lmstudio and io-intelligence are fetched by their own handlers' ports.
    throw ProviderError("Error", "Unknown provider: " + provider);
}

}  // namespace

Task<ModelRecord> get_models(GetModelsOptions options, const ProviderContext& context) {
    ModelCaches& caches = *context.model_caches;
    if (std::optional<ModelRecord> cached = caches.models.get(options.provider))
        co_return std::move(*cached);
    // Failures propagate ("[getModels] Failed to fetch models…" is logged by the reference).
    ModelRecord models = co_await fetch_models(options, context);
    caches.models.set(options.provider, models);
    co_return models;
}

void flush_models(const std::string& router, const ProviderContext& context) {
    context.model_caches->models.del(router);
}

}  // namespace lapce_ai::providers
