#include "anthropic_client.h"

#include <QString>

namespace lapce_ai::providers {

using json::OrderedJson;

namespace {

constexpr std::chrono::milliseconds kDefaultTimeout{600'000};

// Core.readEnv: the variable trimmed (String.prototype.trim), undefined when unset.
std::optional<std::string> read_env(const ProviderContext& context, std::string_view name) {
    const std::optional<std::string> value = context.env(name);
    if (!value) return std::nullopt;
    return QString::fromStdString(*value).trimmed().toStdString();
}

}  // namespace

AnthropicClient::AnthropicClient(AnthropicClientOptions options, const ProviderContext& context)
    : api_key_(options.api_key ? options.api_key : read_env(context, "ANTHROPIC_API_KEY")),
      auth_token_(options.auth_token ? options.auth_token
                                     : read_env(context, "ANTHROPIC_AUTH_TOKEN")) {
    std::optional<std::string> base_url =
        options.base_url ? options.base_url : read_env(context, "ANTHROPIC_BASE_URL");
    StainlessClientOptions client;
    client.flavor = StainlessClientOptions::Flavor::Anthropic;
    client.base_url = base_url && !base_url->empty() ? *base_url : "https://api.anthropic.com";
    client.timeout = kDefaultTimeout;
    if (api_key_) {
        client.auth_headers = {{"X-Api-Key", *api_key_}};
    } else if (auth_token_) {
        client.auth_headers = {{"Authorization", "Bearer " + *auth_token_}};
    }
    client.default_headers = {{"User-Agent", "Anthropic/JS 0.37.0"},
                              {"anthropic-version", "2023-06-01"}};
    client_ = std::make_unique<StainlessClient>(std::move(client), *context.http);
}

void AnthropicClient::validate_auth() const {
    const bool api_key_sent = api_key_ && !api_key_->empty();
    const bool auth_token_sent = !api_key_ && auth_token_ && !auth_token_->empty();
    if (api_key_sent || auth_token_sent) return;
    throw ProviderError("Error",
                        "Could not resolve authentication method. Expected either apiKey or "
                        "authToken to be set. Or for one of the \"X-Api-Key\" or \"Authorization\" "
                        "headers to be explicitly omitted");
}

Task<std::unique_ptr<HttpResponse>> AnthropicClient::post(std::string path, OrderedJson body,
                                                          HeaderList headers) {
    validate_auth();
    co_return co_await client_->request("POST", std::move(path), std::move(body),
                                        std::move(headers));
}

Task<std::unique_ptr<AnthropicEventStream>> AnthropicClient::create_message_stream(
    OrderedJson body, HeaderList headers) {
    std::unique_ptr<HttpResponse> response =
        co_await post("/v1/messages", std::move(body), std::move(headers));
    co_return std::make_unique<AnthropicEventStream>(std::move(response));
}

Task<OrderedJson> AnthropicClient::create_message(OrderedJson body) {
    // _calculateNonstreamingTimeout: the time limit stays 10 minutes, but a max_tokens that
    // could take longer is refused.
    if (const OrderedJson* max_tokens = body.find("max_tokens");
        max_tokens != nullptr && max_tokens->type() == OrderedJson::Type::Number &&
        (60.0 * 60 * max_tokens->as_number()) / 128'000 > 10 * 60) {
        throw ProviderError(
            "Error",
            "Streaming is strongly recommended for operations that may take longer "
            "than 10 minutes. See "
            "https://github.com/anthropics/anthropic-sdk-python#streaming-responses "
            "for more details");
    }
    std::unique_ptr<HttpResponse> response = co_await post("/v1/messages", std::move(body), {});
    co_return co_await read_anthropic_response(*response, client_->build_url("/v1/messages"));
}

Task<OrderedJson> AnthropicClient::count_tokens(OrderedJson body) {
    const std::string path = "/v1/messages/count_tokens";
    std::unique_ptr<HttpResponse> response = co_await post(path, std::move(body), {});
    co_return co_await read_anthropic_response(*response, client_->build_url(path));
}

}  // namespace lapce_ai::providers
