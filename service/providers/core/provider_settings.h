#pragma once

// ProviderSettings (packages/types/src/provider-settings.ts) as the reference passes them to a
// handler: a plain object with camelCase keys ("openAiBaseUrl", "modelTemperature", …). Kept as
// JSON so that every provider's fields travel unchanged; typed readers give the JavaScript view
// (an absent key is `undefined`).

#include <optional>
#include <string>
#include <string_view>

#include "ordered_json.h"

namespace lapce_ai::providers {

class ProviderSettings {
  public:
    ProviderSettings() : values_(json::OrderedJson::object({})) {}
    explicit ProviderSettings(json::OrderedJson values);

    // undefined (absent or null) → nullopt
    std::optional<std::string> string(std::string_view key) const;
    std::optional<double> number(std::string_view key) const;
    std::optional<bool> boolean(std::string_view key) const;
    // Truthiness as in `if (this.options.x)`: absent, null, false, 0, NaN and "" are false.
    bool truthy(std::string_view key) const;
    // nullptr when absent
    const json::OrderedJson* value(std::string_view key) const;

    void set(std::string key, json::OrderedJson value) {
        values_.set(std::move(key), std::move(value));
    }
    const json::OrderedJson& json() const { return values_; }

  private:
    json::OrderedJson values_;
};

}  // namespace lapce_ai::providers
