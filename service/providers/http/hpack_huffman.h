#pragma once

// The Huffman code of HPACK string literals (RFC 7541 5.2, Appendix B). Only decoding: the
// engine's own encoder sends its strings as they are.

#include <optional>
#include <string>
#include <string_view>

namespace lapce_ai::providers {

// Decodes one Huffman-coded string literal. nullopt when it holds the EOS symbol, or ends in
// padding longer than 7 bits or not all 1-bits (RFC 7541 5.2: a decoding error).
std::optional<std::string> hpack_huffman_decode(std::string_view encoded);

}  // namespace lapce_ai::providers
