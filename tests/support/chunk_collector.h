#pragma once

// What tests and harnesses of the provider layer keep of a stream: each chunk as the JSON the
// reference would serialise, in order; and plain text substitution of placeholders.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api_stream.h"
#include "ordered_json.h"

namespace lapce_ai::testing {

class ChunkCollector : public providers::ChunkSink {
  public:
    void on_chunk(providers::ApiStreamChunk chunk) override {
        chunks.push_back(providers::to_json(chunk));
    }
    // The chunks so far as one JSON array; the collector starts empty again.
    json::OrderedJson take() { return json::OrderedJson::array(std::exchange(chunks, {})); }

    std::vector<json::OrderedJson> chunks;
};

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
