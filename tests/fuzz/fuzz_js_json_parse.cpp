// libFuzzer harness for js_json_parse (JSON.parse with V8's messages).
//
// On well-formed UTF-8 it must accept exactly what parse_ordered_json accepts, with the same
// value; a refusal carries a V8 message (parse_ordered_json's own wording only for nesting past
// its limit) whose position lies within the text. Any input, valid UTF-8 or not, must not crash.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_common.h"
#include "js_json_parse.h"
#include "js_string.h"
#include "ordered_json.h"

using namespace lapce_ai::json;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto parsed = js_json_parse(text);
    const std::size_t length = js_string_from_utf8(text).size();
    if (!parsed) {
        const std::string& message = parsed.error();
        FUZZ_CHECK(!message.empty());
        const bool ours = message.starts_with("invalid JSON at offset");
        FUZZ_CHECK(!ours || message.find("nested too deeply") != std::string::npos);
        // The position ends the message; an "Unexpected token" message quotes the source instead.
        const std::size_t at = message.rfind(" at position ");
        if (!message.ends_with("is not valid JSON") && at != std::string::npos) {
            FUZZ_CHECK(std::stoull(message.substr(at + 13)) <= length);
        }
    }
    if (!is_well_formed_utf8(text)) return 0;
    const auto ordered = parse_ordered_json(text);
    FUZZ_CHECK(ordered.has_value() == parsed.has_value());
    if (ordered) FUZZ_CHECK(json_stringify(*ordered) == json_stringify(*parsed));
    return 0;
}
