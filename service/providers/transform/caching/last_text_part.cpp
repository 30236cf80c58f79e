#include "caching/last_text_part.h"

#include <optional>
#include <vector>

#include "js_access.h"

namespace lapce_ai::providers::caching {

using json::OrderedJson;

OrderedJson ephemeral_cache_control() {
    return OrderedJson::object({{"type", OrderedJson::string("ephemeral")}});
}

void mark_last_text_part(OrderedJson& message) {
    const OrderedJson* content = message.find("content");
    if (!js::is_array(content)) return;
    std::vector<OrderedJson> parts = content->items();
    std::optional<std::size_t> last_text;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (js::is(js::get(parts[i], "type"), "text")) last_text = i;
    }
    if (!last_text) {
        parts.push_back(OrderedJson::object(
            {{"type", OrderedJson::string("text")}, {"text", OrderedJson::string("...")}}));
        last_text = parts.size() - 1;
    }
    parts[*last_text].set("cache_control", ephemeral_cache_control());
    message.set("content", OrderedJson::array(std::move(parts)));
}

}  // namespace lapce_ai::providers::caching
