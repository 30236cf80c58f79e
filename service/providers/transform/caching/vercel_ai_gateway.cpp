#include "caching/vercel_ai_gateway.h"

#include <optional>
#include <string>
#include <vector>

#include "caching/last_text_part.h"
#include "js_access.h"

namespace lapce_ai::providers::caching::vercel_ai_gateway {

using json::OrderedJson;

namespace {

// `text && text.length > 0`
bool non_empty_text(const OrderedJson* text) {
    if (js::is_string(text)) return !text->as_string().empty();
    return js::is_array(text) && !text->items().empty();
}

void mark_last_text_part_with_text(OrderedJson& message) {
    const OrderedJson* content = message.find("content");
    if (!js::is_array(content)) return;
    std::vector<OrderedJson> parts = content->items();
    std::optional<std::size_t> last_text;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (js::is(js::get(parts[i], "type"), "text")) last_text = i;
    }
    if (!last_text || !non_empty_text(parts[*last_text].find("text"))) return;
    parts[*last_text].set("cache_control", ephemeral_cache_control());
    message.set("content", OrderedJson::array(std::move(parts)));
}

}  // namespace

void add_cache_breakpoints(std::string_view system_prompt, OrderedJson& messages) {
    std::vector<OrderedJson> items = messages.items();
    OrderedJson system =
        OrderedJson::object({{"role", OrderedJson::string("system")},
                             {"content", OrderedJson::string(std::string(system_prompt))},
                             {"cache_control", ephemeral_cache_control()}});
    if (items.empty())
        items.push_back(std::move(system));
    else
        items[0] = std::move(system);

    std::vector<std::size_t> users;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (js::is(js::get(items[i], "role"), "user")) users.push_back(i);
    }
    const std::size_t first = users.size() > 2 ? users.size() - 2 : 0;
    for (std::size_t k = first; k < users.size(); ++k) {
        OrderedJson& message = items[users[k]];
        if (const OrderedJson* content = message.find("content");
            js::is_string(content) && !content->as_string().empty()) {
            message.set("content",
                        OrderedJson::array({OrderedJson::object(
                            {{"type", OrderedJson::string("text")}, {"text", *content}})}));
        }
        mark_last_text_part_with_text(message);
    }
    messages = OrderedJson::array(std::move(items));
}

}  // namespace lapce_ai::providers::caching::vercel_ai_gateway
