#pragma once

// The errors Node's fetch (undici) throws, which the SDKs pass on or wrap: what a handler
// reports when the connection failed. Built from TransportError.

#include "provider_error.h"
#include "transport_error.h"

namespace lapce_ai::providers {

// `TypeError: fetch failed` (cause: `connect ECONNREFUSED 127.0.0.1:1234`, …) for a request
// that got no response; `TypeError: terminated` (cause: SocketError "other side closed") for a
// body cut short.
ProviderError undici_fetch_error(const TransportError& error);

// The `cause` object of the error above ({name, message, code}).
json::OrderedJson undici_error_cause(const TransportError& error);

}  // namespace lapce_ai::providers
