#include "cerebras_messages.h"

#include <vector>

#include "js_access.h"
#include "js_whitespace.h"
#include "json_access.h"

namespace lapce_ai::providers {

using json::OrderedJson;

std::string strip_thinking_tokens(std::string_view text) {
    static constexpr std::string_view open = "<think>";
    static constexpr std::string_view close = "</think>";
    std::string result;
    std::size_t at = 0;
    for (;;) {
        const std::size_t start = text.find(open, at);
        const std::size_t end =
            start == std::string_view::npos ? start : text.find(close, start + open.size());
        if (end == std::string_view::npos) break;
        result.append(text.substr(at, start - at));
        at = end + close.size();
    }
    result.append(text.substr(at));
    return std::string(js_trim(result));
}

std::string flatten_message_content(const OrderedJson* content) {
    if (content != nullptr && content->is_string()) return content->as_string();
    if (content != nullptr && content->is_array()) {
        std::vector<std::string> pieces;
        for (const OrderedJson& part : content->items()) {
            std::string piece;
            if (part.is_string()) {
                piece = part.as_string();
            } else if (js::is(js_get(&part, "type"), "text")) {
                const OrderedJson* text = js_get(&part, "text");
                piece = js_truthy(text) ? js::text_of(text) : std::string();
            } else if (js::is(js_get(&part, "type"), "image_url")) {
                piece = "[Image]";
            }
            if (!piece.empty()) pieces.push_back(std::move(piece));
        }
        std::string joined;
        for (std::size_t i = 0; i < pieces.size(); ++i) {
            if (i > 0) joined += '\n';
            joined += pieces[i];
        }
        return joined;
    }
    return js_truthy(content) ? js::text_of(content) : std::string();
}

OrderedJson convert_to_cerebras_messages(const OrderedJson& openai_messages) {
    OrderedJson converted = OrderedJson::array({});
    for (const OrderedJson& message : openai_messages.items()) {
        const OrderedJson* role = js_get(&message, "role");
        std::string content = flatten_message_content(js_get(&message, "content"));
        if (js::is(role, "assistant")) content = strip_thinking_tokens(content);
        if (js_trim(content).empty()) continue;
        OrderedJson simple = js_object();
        js::set_defined(simple, "role", role);
        simple.set("content", OrderedJson::string(std::move(content)));
        converted.push_back(std::move(simple));
    }
    return converted;
}

}  // namespace lapce_ai::providers
