#pragma once

// `response.choices[0]` as the reference's handlers read Chat Completions chunks and responses:
// undefined for an empty list, V8's TypeError when `choices` itself is missing or null.

#include "js_access.h"
#include "json_access.h"

namespace lapce_ai::providers {

inline const json::OrderedJson* first_choice(const json::OrderedJson& response) {
    const json::OrderedJson* choices = js::get(response, "choices");
    if (choices == nullptr || choices->is_null()) (void)js::get(choices, "0");
    return js_at(choices, 0);
}

}  // namespace lapce_ai::providers
