#pragma once

// The parts of the ollama-js 0.5.17 client (src/browser.ts, src/utils.ts) the reference's
// NativeOllamaHandler uses: the host normalisation of its constructor, `post` with its default
// headers and `checkOk` (a failed response becomes ResponseError with `status_code`), and the
// streamed chat response read by `parseJSON` and AbortableAsyncIterator.

#include <deque>
#include <memory>
#include <optional>
#include <string>

#include "http_client.h"
#include "ndjson_decoder.h"
#include "ordered_json.h"
#include "stainless_client.h"
#include "task.h"

namespace lapce_ai::providers {

// utils.formatHost: "http://127.0.0.1:11434" for an empty host, the scheme and port filled in
// (11434 when no scheme was given, else the scheme's default), one trailing "/" removed. Throws
// ProviderError{"TypeError", "Invalid URL"} as `new URL` does.
std::string ollama_format_host(const std::string& host);

class OllamaClient {
  public:
    // `host` as given to `new Ollama({host})` (formatted here); `headers` the config's headers.
    OllamaClient(const std::string& host, HeaderList headers, HttpClient& http);

    // utils.post to `{host}/api/{endpoint}` with the JSON body: the response when it is ok.
    // Throws undici's TypeError when no response came, ResponseError for a failed status.
    Task<std::unique_ptr<HttpResponse>> post(std::string endpoint, json::OrderedJson body);

    const std::string& host() const { return host_; }

  private:
    std::string host_;
    HeaderList headers_;
    HttpClient& http_;
};

// The messages of a streamed response as `for await (const chunk of stream)` sees them: lines
// that are not JSON are skipped, an `{"error": …}` line throws Error(error), the message that is
// `done` (or has status "success") is the last one, and a body that ends before it throws
// "Did not receive done or success response in stream.". A cut body throws TypeError
// "terminated".
class OllamaMessageStream {
  public:
    explicit OllamaMessageStream(std::unique_ptr<HttpResponse> response);
    Task<std::optional<json::OrderedJson>> next();

  private:
    Task<void> read_more();

    std::unique_ptr<HttpResponse> response_;
    NdjsonDecoder decoder_;
    std::deque<std::string> lines_;
    bool ended_ = false;
    bool done_ = false;
};

}  // namespace lapce_ai::providers
