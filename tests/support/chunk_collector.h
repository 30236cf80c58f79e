#pragma once

// What tests and harnesses of the provider layer keep of a stream: each chunk as the JSON the
// reference would serialise, in order; a one-message stream run to its end; and plain text
// substitution of placeholders.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api_handler.h"
#include "api_stream.h"
#include "ordered_json.h"
#include "provider_test_helpers.h"

namespace lapce_ai::testing {

class ChunkCollector : public providers::ChunkSink {
  public:
    void on_chunk(providers::ApiStreamChunk chunk) override {
        chunks.push_back(providers::to_json(chunk));
    }
    // The chunks so far as one JSON array; the collector starts empty again.
    json::OrderedJson take() { return json::OrderedJson::array(std::exchange(chunks, {})); }
    // Each chunk so far as compact JSON on a line of its own.
    std::string lines() const {
        std::string text;
        for (const json::OrderedJson& chunk : chunks) text += json::json_stringify(chunk) + "\n";
        return text;
    }

    std::vector<json::OrderedJson> chunks;
};

// createMessage("sys", [{role: "user", content: "hi"}]) run to its end into `sink`: what it threw,
// as provider_error_text writes it ("no error" when nothing).
inline std::string create_message_error(providers::ApiHandler& handler, ChunkCollector& sink) {
    providers::Task<void> task = handler.create_message(
        "sys", parse_single_quoted("[{'role':'user','content':'hi'}]"), {}, sink);
    return provider_error_text(run_to_end(task));
}

// `text` with every occurrence of `from` replaced by `to`, left to right, never rescanning what
// was put in.
inline std::string replace_all(std::string text, std::string_view from, std::string_view to) {
    if (from.empty()) return text;
    for (std::size_t at = text.find(from); at != std::string::npos;
         at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
    return text;
}

}  // namespace lapce_ai::testing
