#include "openai_native_input.h"

#include <string>

#include "json_access.h"

namespace lapce_ai::providers {

using json::OrderedJson;

namespace {

// `${value}` of a template literal: undefined prints "undefined".
std::string template_text(const OrderedJson* value) {
    return value == nullptr ? std::string("undefined") : json::js_to_string(*value);
}

// {type, text: block.text}; an undefined text vanishes when the body is serialised.
OrderedJson text_item(const char* type, const OrderedJson* text) {
    OrderedJson item = js_object();
    item.set("type", OrderedJson::string(type));
    if (text != nullptr) item.set("text", *text);
    return item;
}

OrderedJson image_item(const OrderedJson& block) {
    const OrderedJson* source = js_get(&block, "source");
    OrderedJson item = js_object();
    item.set("type", OrderedJson::string("input_image"));
    item.set("image_url",
             OrderedJson::string("data:" + template_text(js_get(source, "media_type")) +
                                 ";base64," + template_text(js_get(source, "data"))));
    return item;
}

OrderedJson role_and_content(const std::string& role, OrderedJson content) {
    OrderedJson message = js_object();
    message.set("role", OrderedJson::string(role));
    message.set("content", std::move(content));
    return message;
}

std::string role_of(const OrderedJson& message) {
    return js_string(js_get(&message, "role")) == "user" ? "user" : "assistant";
}

}  // namespace

OrderedJson format_full_conversation(const OrderedJson& messages) {
    OrderedJson formatted = OrderedJson::array({});
    for (const OrderedJson& message : messages.items()) {
        const std::string role = role_of(message);
        const char* text_type = role == "user" ? "input_text" : "output_text";
        OrderedJson content = OrderedJson::array({});
        const OrderedJson* body = js_get(&message, "content");
        if (body != nullptr && body->is_string()) {
            content.push_back(text_item(text_type, body));
        } else if (body != nullptr && body->is_array()) {
            for (const OrderedJson& block : body->items()) {
                const std::optional<std::string> type = js_string(js_get(&block, "type"));
                if (type == "text") {
                    content.push_back(text_item(text_type, js_get(&block, "text")));
                } else if (type == "image") {
                    content.push_back(image_item(block));
                }
            }
        }
        if (!content.items().empty())
            formatted.push_back(role_and_content(role, std::move(content)));
    }
    return formatted;
}

std::optional<OrderedJson> format_single_structured_message(const OrderedJson& message) {
    const std::string role = role_of(message);
    const OrderedJson* body = js_get(&message, "content");
    if (body != nullptr && body->is_string())
        return role_and_content(role, OrderedJson::array({text_item("input_text", body)}));
    if (body != nullptr && body->is_array()) {
        OrderedJson content = OrderedJson::array({});
        for (const OrderedJson& block : body->items()) {
            const std::optional<std::string> type = js_string(js_get(&block, "type"));
            if (type == "text") {
                content.push_back(text_item("input_text", js_get(&block, "text")));
            } else if (type == "image") {
                content.push_back(image_item(block));
            }
        }
        if (!content.items().empty()) return role_and_content(role, std::move(content));
    }
    return std::nullopt;
}

}  // namespace lapce_ai::providers
