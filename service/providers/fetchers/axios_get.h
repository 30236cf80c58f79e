#pragma once

// axios.get (axios 1.12, Node http adapter) as the reference's model fetchers use it: the
// response body parsed as JSON when it is JSON (else the text), statuses outside 2xx rejected
// with AxiosError "Request failed with status code N" carrying the response, transport
// failures rejected with Node's socket error (ECONNREFUSED, ENOTFOUND, ECONNRESET) or
// "timeout of Nms exceeded" and no response. The caller's headers follow axios' own `Accept`
// and `User-Agent`, replacing them when they have the same name.

#include <chrono>
#include <optional>
#include <string>

#include "http_client.h"
#include "ordered_json.h"
#include "provider_error.h"
#include "stainless_client.h"
#include "task.h"

namespace lapce_ai::providers {

class AxiosError : public ProviderError {
  public:
    struct Response {
        int status = 0;
        std::string status_text;
        json::OrderedJson data;
    };

    AxiosError(std::string message, json::OrderedJson error_code)
        : ProviderError("AxiosError", std::move(message)) {
        code = std::move(error_code);
    }

    // error.response: set when the server answered (with a status outside 2xx).
    std::optional<Response> response;
    // error.request: set when the request was sent (always, for the failures raised here).
    bool has_request = true;
};

struct AxiosGetOptions {
    HeaderList headers;
    // axios' `timeout` (0: none), counted here until the response headers arrive.
    std::chrono::milliseconds timeout{0};
};

// `(await axios.get(url, options)).data`.
Task<json::OrderedJson> axios_get(HttpClient& http, std::string url, AxiosGetOptions options = {});

}  // namespace lapce_ai::providers
