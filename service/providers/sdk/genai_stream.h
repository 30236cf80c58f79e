#pragma once

// The response stream of @google/genai 1.3.0's generateContentStream: ApiClient's
// processStreamResponse over the body (GenaiSseReader), then each payload through
// HttpResponse.json() and generateContentResponseFrom…, which keeps only objects (anything else
// becomes {}). Errors as the SDK raises them, in the same order as the chunks:
// - a network read that is by itself a JSON object with an `error` whose `code` is 4xx/5xx:
//   ClientError / ServerError "got status: <error.status>. <the read as JSON>";
// - a payload that is not JSON: SyntaxError with V8's message;
// - a body cut short: TypeError "terminated";
// - a rest that is not whitespace at the end: Error "Incomplete JSON segment at the end".

#include <deque>
#include <memory>
#include <optional>
#include <string>

#include "genai_sse_reader.h"
#include "http_response.h"
#include "ordered_json.h"
#include "provider_error.h"
#include "task.h"

namespace lapce_ai::providers {

class GenaiResponseStream {
  public:
    explicit GenaiResponseStream(std::unique_ptr<HttpResponse> response);

    // The next GenerateContentResponse (as JSON), nullopt at the end.
    Task<std::optional<json::OrderedJson>> next();

  private:
    void check_read_for_error(const QByteArray& read) const;

    std::unique_ptr<HttpResponse> response_;
    GenaiSseReader reader_;
    std::deque<std::string> payloads_;
    std::optional<ProviderError> pending_error_;  // raised once the payloads before it are out
    bool ended_ = false;
};

}  // namespace lapce_ai::providers
