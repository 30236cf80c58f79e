#pragma once

// DEFAULT_HEADERS (src/api/providers/constants.ts): how the reference identifies itself to
// providers. The version is the reference's (3.28.14): providers see the same client.

#include "stainless_client.h"

namespace lapce_ai::providers {

HeaderList default_headers();

}  // namespace lapce_ai::providers
