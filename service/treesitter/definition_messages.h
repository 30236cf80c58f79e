#pragma once

// The reference's messages of the definitions service, kept verbatim in
// resources/treesitter/messages.json.

#include <string_view>

namespace lapce_ai::treesitter {

// The message for `key` ("file_missing", "directory_missing", "no_definitions",
// "unsupported_file_type", "unsupported_language"); aborts on an unknown key (a build error).
std::string_view definition_message(std::string_view key);

}  // namespace lapce_ai::treesitter
