#pragma once

// XmlMatcher (src/utils/xml-matcher.ts): splits streamed text into the parts inside a tag
// (`<think>…</think>`) and the parts outside it. The tag is only recognised at the very start
// of the stream (`position`) or while already inside one — a quirk the handlers keep.

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "api_stream.h"

namespace lapce_ai::providers {

struct XmlMatcherResult {
    bool matched = false;
    std::string data;
};

class XmlMatcher {
  public:
    explicit XmlMatcher(std::string tag_name, std::size_t position = 0)
        : tag_name_(std::move(tag_name)), position_(position) {}

    // The parts of this call (the reference's pop()); they stay valid until the next call, and a
    // caller may move their data out.
    std::span<XmlMatcherResult> update(std::string_view chunk);
    std::span<XmlMatcherResult> final(std::string_view chunk = {});

  private:
    enum class State { Text, TagOpen, TagClose };

    void update_characters(std::string_view chunk);
    void collect();

    std::string tag_name_;
    std::size_t position_;
    std::size_t index_ = 0;
    std::vector<XmlMatcherResult> chunks_;
    std::string cached_;  // the characters not yet collected
    bool matched_ = false;
    State state_ = State::Text;
    int depth_ = 0;
    std::size_t pointer_ = 0;
};

// What the handlers yield for the parts: matched text as reasoning, the rest as text.
void emit_xml_matcher_results(std::span<XmlMatcherResult> parts, ChunkSink& sink);

}  // namespace lapce_ai::providers
