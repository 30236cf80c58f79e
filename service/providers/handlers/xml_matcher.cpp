#include "xml_matcher.h"

#include <algorithm>
#include <utility>

namespace lapce_ai::providers {

namespace {

// Length of the UTF-8 sequence starting with `lead` (JavaScript iterates strings by code point).
std::size_t sequence_length(unsigned char lead) {
    if (lead < 0x80) return 1;
    if ((lead >> 5) == 0x6) return 2;
    if ((lead >> 4) == 0xE) return 3;
    if ((lead >> 3) == 0x1E) return 4;
    return 1;
}

}  // namespace

void XmlMatcher::collect() {
    if (cached_.empty()) return;
    if (!chunks_.empty() && chunks_.back().matched == matched_) {
        chunks_.back().data += cached_;
    } else {
        chunks_.push_back({matched_, cached_});
    }
    cached_.clear();
}

void XmlMatcher::update_characters(std::string_view chunk) {
    for (std::size_t at = 0; at < chunk.size();) {
        const std::size_t length =
            std::min(sequence_length(static_cast<unsigned char>(chunk[at])), chunk.size() - at);
        const std::string_view character = chunk.substr(at, length);
        at += length;
        cached_ += character;
        ++pointer_;
        const bool single = character.size() == 1;
        const char c = character[0];
        const bool at_tag_char = index_ < tag_name_.size() && single && tag_name_[index_] == c;

        if (state_ == State::Text) {
            if (single && c == '<' && (pointer_ <= position_ + 1 || matched_)) {
                state_ = State::TagOpen;
                index_ = 0;
            } else {
                collect();
            }
        } else if (state_ == State::TagOpen) {
            if (single && c == '>' && index_ == tag_name_.size()) {
                state_ = State::Text;
                if (!matched_) cached_.clear();
                ++depth_;
                matched_ = true;
            } else if (index_ == 0 && single && c == '/') {
                state_ = State::TagClose;
            } else if (single && c == ' ' && (index_ == 0 || index_ == tag_name_.size())) {
                continue;
            } else if (at_tag_char) {
                ++index_;
            } else {
                state_ = State::Text;
                collect();
            }
        } else {
            if (single && c == '>' && index_ == tag_name_.size()) {
                state_ = State::Text;
                --depth_;
                matched_ = depth_ > 0;
                if (!matched_) cached_.clear();
            } else if (single && c == ' ' && (index_ == 0 || index_ == tag_name_.size())) {
                continue;
            } else if (at_tag_char) {
                ++index_;
            } else {
                state_ = State::Text;
                collect();
            }
        }
    }
}

// Clearing keeps the vector's capacity: steady-state streaming does not allocate here.
std::span<XmlMatcherResult> XmlMatcher::update(std::string_view chunk) {
    chunks_.clear();
    update_characters(chunk);
    return chunks_;
}

std::span<XmlMatcherResult> XmlMatcher::final(std::string_view chunk) {
    chunks_.clear();
    if (!chunk.empty()) update_characters(chunk);
    collect();
    return chunks_;
}

void emit_xml_matcher_results(std::span<XmlMatcherResult> parts, ChunkSink& sink) {
    for (XmlMatcherResult& part : parts) {
        sink.on_chunk(part.matched ? ApiStreamChunk::reasoning_chunk(std::move(part.data))
                                   : ApiStreamChunk::text_chunk(std::move(part.data)));
    }
}

}  // namespace lapce_ai::providers
