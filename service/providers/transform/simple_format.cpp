#include "simple_format.h"

#include "js_access.h"

namespace lapce_ai::providers {

using json::OrderedJson;

namespace {

OrderedJson image_label(const OrderedJson& image) {
    return OrderedJson::string(
        "[Image: " + js::text_of(js::get(js::get(image, "source"), "media_type")) + "]");
}

OrderedJson tool_result_text(const OrderedJson& block) {
    const OrderedJson* content = js::get(block, "content");
    if (js::is_string(content)) return *content;
    if (!js::is_array(content)) return OrderedJson::string("");
    OrderedJson texts = OrderedJson::array({});
    for (const OrderedJson& part : content->items()) {
        const OrderedJson* type = js::get(part, "type");
        if (js::is(type, "text")) {
            const OrderedJson* text = js::get(part, "text");
            texts.push_back(text != nullptr ? *text : OrderedJson());
        } else if (js::is(type, "image")) {
            texts.push_back(image_label(part));
        } else {
            texts.push_back(OrderedJson::string(""));
        }
    }
    return OrderedJson::string(json::js_array_join(texts, "\n"));
}

// One block's text; undefined comes back as null (both are dropped as falsy).
OrderedJson block_text(const OrderedJson& block) {
    const OrderedJson* type = js::get(block, "type");
    if (js::is(type, "text")) {
        const OrderedJson* text = js::get(block, "text");
        return text != nullptr ? *text : OrderedJson();
    }
    if (js::is(type, "image")) return image_label(block);
    if (js::is(type, "tool_use"))
        return OrderedJson::string("[Tool Use: " + js::text_of(js::get(block, "name")) + "]");
    if (js::is(type, "tool_result")) return tool_result_text(block);
    return OrderedJson::string("");
}

}  // namespace

std::string convert_to_simple_content(const OrderedJson& content) {
    if (content.is_string()) return content.as_string();
    OrderedJson texts = OrderedJson::array({});
    for (const OrderedJson& block : js::as_array(&content, "content", "map").items()) {
        OrderedJson text = block_text(block);
        if (json::js_truthy(text)) texts.push_back(std::move(text));
    }
    return json::js_array_join(texts, "\n");
}

OrderedJson convert_to_simple_messages(const OrderedJson& messages) {
    OrderedJson out = OrderedJson::array({});
    for (const OrderedJson& message : messages.items()) {
        OrderedJson converted = OrderedJson::object({});
        js::set_defined(converted, "role", js::get(message, "role"));
        const OrderedJson* content = js::get(message, "content");
        if (content == nullptr) (void)js::get(content, "map");  // throws: content.map on undefined
        converted.set(
            "content",
            OrderedJson::string(convert_to_simple_content(content ? *content : OrderedJson())));
        out.push_back(std::move(converted));
    }
    return out;
}

}  // namespace lapce_ai::providers
