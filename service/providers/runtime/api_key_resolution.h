#pragma once

// Where a request's API key comes from when its settings lack the provider's key field (absent,
// null or ""): the vendor's environment variables of this process (the first one set wins), else
// the system keychain (key_store.h). Nothing is cached: a key stored, changed or deleted later
// counts from the next request on. Keys are never logged.

#include <optional>
#include <string>
#include <string_view>

#include "ordered_json.h"
#include "provider_setting_names.h"

namespace lapce_ai::providers {

// Whether `settings` (an object) has no usable value under the provider's key field. False for a
// provider that takes no key.
bool lacks_api_key(const ProviderSettingNames& names, const json::OrderedJson& settings);

// The first of the provider's vendor variables that is set and not empty.
std::optional<std::string> api_key_from_environment(const ProviderSettingNames& names);

// `settings_json` with the key filled in from the environment or the keychain when it lacks one;
// unchanged when it has one, when nothing is found, for an unknown provider or a provider without
// a key, and when it is not a JSON object (building the handler reports that).
std::string settings_with_api_key(std::string_view provider, const std::string& settings_json);

}  // namespace lapce_ai::providers
