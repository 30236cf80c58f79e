#include "api_key_resolution.h"

#include <cstdlib>

#include "key_store.h"

namespace lapce_ai::providers {

bool lacks_api_key(const ProviderSettingNames& names, const json::OrderedJson& settings) {
    if (names.api_key.empty()) return false;
    const json::OrderedJson* value = settings.find(names.api_key);
    return value == nullptr || value->is_null() ||
           (value->is_string() && value->as_string().empty());
}

std::optional<std::string> api_key_from_environment(const ProviderSettingNames& names) {
    for (const std::string_view variable : names.key_environment) {
        if (const char* value = std::getenv(std::string(variable).c_str());
            value != nullptr && *value != '\0') {
            return std::string(value);
        }
    }
    return std::nullopt;
}

std::string settings_with_api_key(std::string_view provider, const std::string& settings_json) {
    const ProviderSettingNames* names = provider_setting_names(provider);
    if (names == nullptr || names->api_key.empty()) return settings_json;
    auto settings =
        json::parse_ordered_json(settings_json.empty() ? std::string("{}") : settings_json);
    if (!settings || !settings->is_object() || !lacks_api_key(*names, *settings))
        return settings_json;
    std::optional<std::string> key = api_key_from_environment(*names);
    if (!key) {
        KeyStoreResult stored = read_stored_key(names->provider);
        if (!stored.ok() || stored.key.empty()) return settings_json;
        key = std::move(stored.key);
    }
    settings->set(std::string(names->api_key), json::OrderedJson::string(std::move(*key)));
    return json::json_stringify(*settings);
}

}  // namespace lapce_ai::providers
