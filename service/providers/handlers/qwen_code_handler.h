#pragma once

// QwenCodeHandler (src/api/providers/qwen-code.ts): the Qwen Code CLI's OAuth credentials
// (loaded once, refreshed when they expire within 30 s or a request gets a 401, then that
// request sent once more), an openai SDK client without DEFAULT_HEADERS pointed at the
// credentials' resource_url, and its own handling of `<think>` tags and of content streamed
// as growing snapshots.

#include <memory>
#include <optional>
#include <string>

#include "api_handler.h"
#include "stainless_client.h"

namespace lapce_ai::providers {

class QwenCodeHandler : public ApiHandler {
  public:
    QwenCodeHandler(ProviderSettings options, const ProviderContext& context);

    Task<void> create_message(std::string system_prompt, json::OrderedJson messages,
                              ApiHandlerCreateMessageMetadata metadata, ChunkSink& sink) override;
    ApiModel get_model() override;
    Task<std::string> complete_prompt(std::string prompt) override;

  private:
    std::string credential_path() const;
    Task<void> ensure_authenticated();
    // this.credentials = await refreshAccessToken(this.credentials), and the client follows.
    Task<void> refresh_credentials();
    void update_client();
    // callApiWithRetry(() => client.chat.completions.create(body))
    Task<std::unique_ptr<HttpResponse>> call_api_with_retry(const json::OrderedJson& body);

    ProviderSettings options_;
    const ProviderContext& context_;
    std::optional<json::OrderedJson> credentials_;
    std::unique_ptr<StainlessClient> client_;
};

}  // namespace lapce_ai::providers
