// libFuzzer harness for the order-preserving JSON reader and JSON.stringify printer (MCP tool
// schemas, settings files): any input either fails with an error or parses; a parsed value
// printed with JSON.stringify(v, null, 2) reads back to the same value (printing it again gives
// the same text), and the compact printing of that value is stable too.

#include <cstdlib>
#include <string_view>

#include "ordered_json.h"

using namespace lapce_ai::json;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    auto value = parse_ordered_json(text);
    if (!value) return 0;
    for (int indent : {0, 2}) {
        const std::string printed = json_stringify(*value, indent);
        auto again = parse_ordered_json(printed);
        if (!again) std::abort();  // our own output must read back
        if (json_stringify(*again, indent) != printed) std::abort();
    }
    return 0;
}
