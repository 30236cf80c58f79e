#pragma once

// The errors @aws-sdk/client-bedrock-runtime 3.848.0 throws, as ProviderErrors: `name` is the
// JavaScript class (ThrottlingException, BedrockRuntimeServiceException, Error, SyntaxError …),
// `extra` carries the fields callers read — `error_name` (the error's `name` property when it
// differs from its class, e.g. an unmodeled exception code), `$fault` and `$metadata`
// ({httpStatusCode, requestId, extendedRequestId, cfId, clockSkewCorrected, attempts}; members
// JavaScript leaves undefined are absent, and an all-undefined $metadata is left out).
// `$metadata.totalRetryDelay` is not kept: it is a random duration.

#include <QByteArray>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "event_stream.h"
#include "provider_error.h"
#include "transport_error.h"

namespace lapce_ai::providers {

using ResponseHeaders = std::vector<std::pair<QByteArray, QByteArray>>;  // names lower-case

// error.name in JavaScript: extra.error_name, else the class.
std::string js_error_name(const ProviderError& error);
// error.$metadata?.httpStatusCode
std::optional<double> aws_error_http_status_code(const ProviderError& error);
// Sets error.$metadata[key] (creating $metadata).
void set_aws_error_metadata(ProviderError& error, const std::string& key, json::OrderedJson value);

// de_CommandError of ConverseStream / Converse, for a response with a status other than 2xx,
// wrapped by middleware-serde when the body is not JSON (message hint and $metadata).
ProviderError deserialize_bedrock_http_error(int status, const ResponseHeaders& headers,
                                             const QByteArray& body);

// What middleware-serde makes of an error the deserializer threw: unless it carries $metadata,
// its message gets the "Deserialization error" hint and $metadata is read from the response.
ProviderError wrap_deserialization_error(const ProviderError& error, int status,
                                         const ResponseHeaders& headers);

// An event-stream message of type "exception" or "error", as getUnmarshalledStream throws it.
ProviderError bedrock_stream_exception(const EventStreamMessage& message);

// What NodeHttp2Handler rejects with when no response came (connect ECONNREFUSED …, the abort
// of the handler's 10-minute timer), or when the body was cut ("Premature close").
ProviderError node_http2_error(const TransportError& error);

// getRetryErrorType of @smithy/middleware-retry: "THROTTLING", "TRANSIENT", "SERVER_ERROR" or
// "CLIENT_ERROR".
std::string aws_retry_error_type(const ProviderError& error);

}  // namespace lapce_ai::providers
