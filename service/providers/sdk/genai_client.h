#pragma once

// GoogleGenAI (@google/genai 1.3.0, Node build) as the reference's Gemini handlers construct and
// call it. Construction resolves the options as the SDK does, environment included
// (GOOGLE_GENAI_USE_VERTEXAI, GOOGLE_API_KEY, GOOGLE_CLOUD_PROJECT, GOOGLE_CLOUD_LOCATION,
// GOOGLE_VERTEX_BASE_URL, GOOGLE_GEMINI_BASE_URL). Requests go to
// <base>/<v1beta | v1beta1>[/projects/<p>/locations/<l>]/<model resource>:<method> with the SDK's
// headers and either x-goog-api-key or GoogleAuth's Authorization; no retries, no time limit.
// Errors carry the SDK's messages: "exception TypeError: fetch failed sending request" when no
// response came, ClientError / ServerError "got status: <code> <text>. <body JSON>" for an HTTP
// error, TypeError "Invalid URL" for a base URL that does not parse.

#include <memory>
#include <optional>
#include <string>

#include "api_handler.h"
#include "genai_request.h"
#include "genai_stream.h"
#include "google_auth_client.h"

namespace lapce_ai::providers {

struct GoogleGenAIOptions {
    std::optional<bool> vertexai;
    std::optional<std::string> api_key;
    std::optional<std::string> project;
    std::optional<std::string> location;
    std::optional<GoogleAuthOptions> google_auth_options;
};

class GenaiClient {
  public:
    GenaiClient(GoogleGenAIOptions options, const ProviderContext& context);

    bool vertexai() const { return vertexai_; }

    // models.generateContentStream
    Task<std::unique_ptr<GenaiResponseStream>> generate_content_stream(
        std::string model, json::OrderedJson contents, GenerateContentConfig config);
    // models.generateContent: the response JSON ({} when it is not an object).
    Task<json::OrderedJson> generate_content(std::string model, json::OrderedJson contents,
                                             GenerateContentConfig config);
    // models.countTokens: the response JSON.
    Task<json::OrderedJson> count_tokens(std::string model, json::OrderedJson contents);

  private:
    // ApiClient.request / requestStream up to throwErrorIfNotOK.
    Task<std::unique_ptr<HttpResponse>> post(std::string path,
                                             const std::optional<std::string>& base_url,
                                             QByteArray body);
    QUrl request_url(const std::string& path, const std::optional<std::string>& base_url) const;

    const ProviderContext& context_;
    bool vertexai_ = false;
    std::optional<std::string> auth_api_key_;    // NodeAuth's key (x-goog-api-key)
    std::optional<std::string> client_api_key_;  // ApiClient's, after normalisation
    std::optional<std::string> project_;
    std::optional<std::string> location_;
    std::string base_url_;
    std::unique_ptr<GoogleAuthClient> google_auth_;
};

}  // namespace lapce_ai::providers
