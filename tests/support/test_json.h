#pragma once

// JSON written inline in a test: a typo there is the test's own bug, so it stops the test.

#include <QtGlobal>

#include <string_view>
#include <utility>

#include "ordered_json.h"

namespace lapce_ai::testing {

inline json::OrderedJson parse_test_json(std::string_view text) {
    auto parsed = json::parse_ordered_json(text);
    if (!parsed) qFatal("bad test JSON: %s", parsed.error().c_str());
    return std::move(*parsed);
}

}  // namespace lapce_ai::testing
