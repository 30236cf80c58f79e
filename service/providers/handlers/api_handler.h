#pragma once

// The handler contract of src/api/index.ts: create_message streams chunks, get_model names the
// model and its parameters, count_tokens and complete_prompt. Handlers are coroutines driven by
// the HttpClient of their thread; they throw ProviderError as the reference throws.

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <QDateTime>

#include "api_model.h"
#include "api_stream.h"
#include "http_client.h"
#include "model_record.h"
#include "ordered_json.h"
#include "provider_settings.h"
#include "task.h"

namespace lapce_ai::providers {

struct ApiHandlerCreateMessageMetadata {
    std::optional<std::string> mode;
    std::string task_id;
    std::optional<std::string> previous_response_id;
    std::optional<bool> suppress_previous_response_id;
    std::optional<bool> store;
};

// What handlers take from their environment: the HTTP engine, the request time limit
// (`roo-cline.apiRequestTimeout`, 600 s by default, zero for none), and a clock and id source
// that tests can pin (SigV4 dates, JWTs and SDK invocation ids depend on them).
struct ProviderContext {
    HttpClient* http = nullptr;
    std::chrono::milliseconds api_request_timeout{600'000};
    std::function<QDateTime()> now = [] { return QDateTime::currentDateTimeUtc(); };
    std::function<std::string()> random_uuid;  // crypto.randomUUID; empty: a random v4 UUID
    // Environment variables as the handler sees them (process environment by default).
    std::function<std::optional<std::string>(std::string_view)> environment;
    // The Roo Code Cloud session token (CloudService's authService.getSessionToken()); none
    // when unset: lapce-ai has no cloud session of its own.
    std::function<std::optional<std::string>()> cloud_session_token;
    // The fetched model lists kept between requests (the reference's module-level caches);
    // copies of a context share them.
    std::shared_ptr<ModelCaches> model_caches = std::make_shared<ModelCaches>();

    std::string new_uuid() const;
    std::optional<std::string> env(std::string_view name) const;
    // os.homedir(): $HOME as env() gives it when non-empty, else the user's home directory.
    std::string home_dir() const;
};

class ApiHandler {
  public:
    virtual ~ApiHandler() = default;

    virtual Task<void> create_message(std::string system_prompt, json::OrderedJson messages,
                                      ApiHandlerCreateMessageMetadata metadata,
                                      ChunkSink& sink) = 0;
    virtual ApiModel get_model() = 0;
    // BaseProvider.countTokens: tiktoken (o200k_base) × 1.5; some providers ask their API.
    virtual Task<double> count_tokens(json::OrderedJson content);
    virtual Task<std::string> complete_prompt(std::string prompt) = 0;
};

// buildApiHandler (src/api/index.ts): the handler for `api_provider` (settings.apiProvider).
// Throws ProviderError where a handler's constructor throws (e.g. a required key missing).
std::unique_ptr<ApiHandler> build_api_handler(std::string_view api_provider,
                                              const ProviderSettings& settings,
                                              const ProviderContext& context);

}  // namespace lapce_ai::providers
