#pragma once

// Runs one golden provider case (../shared/golden/providers/README.md): serves its transcript
// from a ReplayServer on 127.0.0.1, builds the handler from its settings, performs its action
// and compares requests, chunks, errors, results and getModel() with what the reference did.

#include <QString>

#include "ordered_json.h"

namespace lapce_ai::parity {

// The first difference, empty when the case matches.
QString run_provider_case(const json::OrderedJson& golden_case);

}  // namespace lapce_ai::parity
