#pragma once

// Base64 as the reference's runtime does it: Node's atob (WHATWG forgiving-base64 decode) and
// the canonical, padded encoding Buffer/the AWS SDK write.

#include <string>
#include <string_view>

namespace lapce_ai::providers::js {

// atob(text): the decoded bytes. Throws ProviderError{"InvalidCharacterError", …} with Node's
// messages ("Invalid character", "The string to be decoded is not correctly encoded.").
std::string atob(std::string_view text);

std::string base64_encode(std::string_view bytes);

}  // namespace lapce_ai::providers::js
