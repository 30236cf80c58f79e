#pragma once

// ModelInfo (packages/types/src/model.ts) as the reference's plain object: the model tables
// are data, handlers spread them ({...info, maxTokens: x}) and getModel() returns them as they
// are, so the object is kept as JSON with typed readers for the fields the logic uses.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ordered_json.h"

namespace lapce_ai::providers {

class ModelInfo {
  public:
    ModelInfo() : values_(json::OrderedJson::object({})) {}
    explicit ModelInfo(json::OrderedJson values) : values_(std::move(values)) {}

    std::optional<double> max_tokens() const { return number("maxTokens"); }  // null → nullopt
    double context_window() const { return number("contextWindow").value_or(0); }
    bool supports_images() const { return flag("supportsImages"); }
    bool supports_prompt_cache() const { return flag("supportsPromptCache"); }
    std::optional<double> input_price() const { return number("inputPrice"); }
    std::optional<double> output_price() const { return number("outputPrice"); }
    std::optional<double> cache_writes_price() const { return number("cacheWritesPrice"); }
    std::optional<double> cache_reads_price() const { return number("cacheReadsPrice"); }

    std::optional<double> number(std::string_view key) const;
    std::optional<std::string> string(std::string_view key) const;
    std::optional<bool> boolean(std::string_view key) const;
    bool flag(std::string_view key) const { return boolean(key).value_or(false); }
    const json::OrderedJson* value(std::string_view key) const { return values_.find(key); }

    void set(std::string key, json::OrderedJson value) {
        values_.set(std::move(key), std::move(value));
    }
    const json::OrderedJson& json() const { return values_; }

  private:
    json::OrderedJson values_;
};

}  // namespace lapce_ai::providers
