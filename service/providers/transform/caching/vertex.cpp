#include "caching/vertex.h"

#include <optional>
#include <vector>

#include "caching/last_text_part.h"
#include "js_access.h"

namespace lapce_ai::providers::caching::vertex {

using json::OrderedJson;

namespace {

OrderedJson cached_message(const OrderedJson& message) {
    OrderedJson copy = message;
    const OrderedJson* content = js::get(message, "content");
    if (js::is_string(content)) {
        copy.set("content", OrderedJson::array({OrderedJson::object(
                                {{"type", OrderedJson::string("text")},
                                 {"text", *content},
                                 {"cache_control", ephemeral_cache_control()}})}));
        return copy;
    }
    const OrderedJson& blocks = js::as_array(content, "message.content", "reduce");
    std::optional<std::size_t> last_text;
    for (std::size_t i = 0; i < blocks.items().size(); ++i) {
        if (js::is(js::get(blocks.items()[i], "type"), "text")) last_text = i;
    }
    std::vector<OrderedJson> mapped = blocks.items();
    if (last_text) mapped[*last_text].set("cache_control", ephemeral_cache_control());
    copy.set("content", OrderedJson::array(std::move(mapped)));
    return copy;
}

}  // namespace

OrderedJson add_cache_breakpoints(const OrderedJson& messages) {
    std::vector<std::size_t> users;
    for (std::size_t i = 0; i < messages.items().size(); ++i) {
        if (js::is(js::get(messages.items()[i], "role"), "user")) users.push_back(i);
    }
    // `indices[indices.length - 1] ?? -1`
    const std::size_t none = static_cast<std::size_t>(-1);
    const std::size_t last = users.empty() ? none : users.back();
    const std::size_t second_last = users.size() < 2 ? none : users[users.size() - 2];
    OrderedJson out = OrderedJson::array({});
    for (std::size_t i = 0; i < messages.items().size(); ++i) {
        const OrderedJson& message = messages.items()[i];
        const bool marked =
            !js::is(js::get(message, "role"), "assistant") && (i == last || i == second_last);
        out.push_back(marked ? cached_message(message) : message);
    }
    return out;
}

}  // namespace lapce_ai::providers::caching::vertex
