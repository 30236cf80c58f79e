#pragma once

// The issues a zod 3 schema reports (ZodError), for the SDKs that validate what they receive
// with zod (@mistralai/mistralai): `invalid_type` and `custom` issues with their paths, and the
// error's message, JSON.stringify(issues, null, 2).

#include <string>
#include <vector>

#include "ordered_json.h"

namespace lapce_ai::providers {

using ZodPath = std::vector<json::OrderedJson>;  // keys (strings) and indices (numbers)

class ZodIssues {
  public:
    // {code: "invalid_type", expected, received, path, message}: "Required" for undefined
    // (nullptr), else "Expected <expected>, received <received>".
    void invalid_type(const ZodPath& path, const std::string& expected,
                      const json::OrderedJson* received);
    // {code: "custom", message, path}
    void custom(const ZodPath& path, const std::string& message);

    bool empty() const { return issues_.items().empty(); }
    // ZodError.message
    std::string message() const;

  private:
    json::OrderedJson issues_ = json::OrderedJson::array({});
};

// zod's getParsedType: "undefined", "null", "string", "number", "boolean", "array", "object".
std::string zod_parsed_type(const json::OrderedJson* value);

// The checks of z.string(), z.number().int(), z.array(…), z.object(…) on one value; each adds
// its issue when the value does not fit (`optional`: undefined fits).
bool zod_check_string(ZodIssues& issues, const ZodPath& path, const json::OrderedJson* value,
                      bool optional = false);
bool zod_check_int(ZodIssues& issues, const ZodPath& path, const json::OrderedJson* value,
                   bool optional = false);
bool zod_check_array(ZodIssues& issues, const ZodPath& path, const json::OrderedJson* value);
bool zod_check_object(ZodIssues& issues, const ZodPath& path, const json::OrderedJson* value);

}  // namespace lapce_ai::providers
