#pragma once

// Where each provider keeps its model id, base URL and key in ProviderSettings
// (packages/types/src/provider-settings.ts), and the environment variables the vendors document
// for the key. Used to fill in what a request leaves out (the key from the environment or the
// keychain) and by the CLI's `chat` options.

#include <optional>
#include <string_view>
#include <vector>

namespace lapce_ai::providers {

struct ProviderSettingNames {
    std::string_view provider;
    std::string_view model_id;                      // "" when the provider has none
    std::string_view base_url;                      // "" when the provider has none
    std::string_view api_key;                       // "" when the provider takes no key
    std::vector<std::string_view> key_environment;  // first one set wins
};

// nullptr for an unknown provider.
const ProviderSettingNames* provider_setting_names(std::string_view provider);
const std::vector<ProviderSettingNames>& all_provider_setting_names();

}  // namespace lapce_ai::providers
