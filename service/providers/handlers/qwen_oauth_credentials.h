#pragma once

// The OAuth side of src/api/providers/qwen-code.ts: the credentials the Qwen Code CLI caches in
// ~/.qwen/oauth_creds.json (or qwenCodeOauthPath), their validity, the base URL they name, and
// the token refresh against chat.qwen.ai (which keeps the cached resource_url).

#include <optional>
#include <string>

#include <QDateTime>

#include "api_handler.h"
#include "ordered_json.h"
#include "task.h"

namespace lapce_ai::providers {

// getQwenCachedCredentialPath: "~/x" under the home directory, another custom path resolved
// against the working directory, else <home>/.qwen/oauth_creds.json.
std::string qwen_cached_credential_path(const std::optional<std::string>& custom_path,
                                        const ProviderContext& context);

// loadCachedQwenCredentials: the parsed file; throws
// "Failed to load Qwen OAuth credentials: <Node's error text>" when it cannot be read or parsed.
json::OrderedJson load_cached_qwen_credentials(const std::string& path);

// isTokenValid: an expiry_date more than 30 s after `now`.
bool is_qwen_token_valid(const json::OrderedJson& credentials, const QDateTime& now);

// getBaseUrl: resource_url (or DashScope's compatible-mode URL) with https:// and /v1.
std::string qwen_base_url(const json::OrderedJson& credentials);

// doRefreshAccessToken: POSTs the refresh token, returns the credentials with the new token
// (resource_url kept from the old ones) and writes them back to `path` (a failed write is
// ignored, as in the reference).
Task<json::OrderedJson> refresh_qwen_access_token(json::OrderedJson credentials, std::string path,
                                                  const ProviderContext& context);

}  // namespace lapce_ai::providers
