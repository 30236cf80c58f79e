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

// node-fetch 2.7.0, the fetch of @anthropic-ai/sdk 0.37.0 under Node. A request that got no
// response: FetchError `request to <url> failed, reason: connect ECONNREFUSED 127.0.0.1:1234`
// with the system error's code.
ProviderError node_fetch_request_error(const TransportError& error, const std::string& url);

// What a response body stream emits when the connection is cut (a chunked body without its last
// chunk): Error `Premature close`, code ERR_STREAM_PREMATURE_CLOSE.
ProviderError node_fetch_body_stream_error(const TransportError& error);

// response.text() / response.json() on such a body: FetchError `Invalid response body while
// trying to fetch <url>: Premature close`.
ProviderError node_fetch_consume_body_error(const TransportError& error, const std::string& url);

}  // namespace lapce_ai::providers
