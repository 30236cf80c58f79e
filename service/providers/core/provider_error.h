#pragma once

// What a handler throws: the JavaScript error the reference (or its SDK, or the runtime) would
// have thrown, with the fields callers read. Handlers run as coroutines and throw like the
// reference does; the boundary (IPC, CLI, tests) catches ProviderError and reports it typed.

#include <exception>
#include <optional>
#include <string>

#include "ordered_json.h"

namespace lapce_ai::providers {

class ProviderError : public std::exception {
  public:
    ProviderError(std::string name, std::string message);

    const char* what() const noexcept override { return message_.c_str(); }
    const std::string& name() const { return name_; }
    const std::string& message() const { return message_; }

    // HTTP status the error carries as `status` (SDK APIError) or `status_code` (ollama).
    std::optional<int> status;
    std::optional<int> status_code;
    // `code`: a string ("ECONNREFUSED", "invalid_content") or a number (OpenRouter's 502).
    json::OrderedJson code;
    // `cause`: {name, message, code?} of the underlying error, null when none.
    json::OrderedJson cause;
    // Further fields some errors carry (bedrock's `$metadata`, `$fault`, `error_name`), as an
    // object; null when none.
    json::OrderedJson extra;

    // {name, message, status?, status_code?, code?, cause?, ...extra}
    json::OrderedJson to_json() const;

  private:
    std::string name_;
    std::string message_;
};

}  // namespace lapce_ai::providers
