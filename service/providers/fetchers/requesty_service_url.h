#pragma once

// toRequestyServiceUrl (src/shared/utils/requesty.ts): the Requesty base URL, or
// https://router.requesty.ai/v1 when it is absent or not a URL; for the "app" and "api"
// services the "router" host label is replaced and a trailing "/v1" dropped.

#include <optional>
#include <string>
#include <string_view>

namespace lapce_ai::providers {

std::string to_requesty_service_url(const std::optional<std::string>& base_url,
                                    std::string_view service = "router");

// new URL(text).toString(), nullopt when `text` is not an absolute URL.
std::optional<std::string> whatwg_url_string(const std::string& text);

}  // namespace lapce_ai::providers
