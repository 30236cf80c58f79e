#pragma once

// tiktoken's o200k_base encoding as the reference runs it (npm tiktoken 1.0.21, dqbd/tiktoken's
// Rust core): the text is split by the o200k_base regex, each piece that is a token is taken
// whole, the others are byte-pair merged by rank. Special tokens are not recognised: the
// reference calls encode(text, undefined, []), which allows none and forbids none, so
// "<|endoftext|>" is ordinary text.

#include <QRegularExpression>

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace lapce_ai::providers {

class O200kEncoder {
  public:
    // Compiles the pre-tokenisation regex; the rank tables are const data.
    O200kEncoder();

    // One shared encoder, created on first use (like the reference's cached Tiktoken).
    // Encoding is const and may run on several threads at once.
    static const O200kEncoder& shared();

    // Token ids of UTF-8 text. Invalid UTF-8 is read as QString::fromUtf8 reads it (U+FFFD).
    std::vector<std::uint32_t> o200k_encode(std::string_view text) const;
    // The number of tokens o200k_encode would return, without building the list.
    std::size_t o200k_count(std::string_view text) const;

  private:
    template <typename TokenSink>
    void encode_pieces(std::string_view text, TokenSink&& sink) const;

    QRegularExpression pre_tokenizer_;
};

}  // namespace lapce_ai::providers
