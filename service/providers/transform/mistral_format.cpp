#include "mistral_format.h"

#include <string>
#include <vector>

#include "js_access.h"

namespace lapce_ai::providers {

using json::OrderedJson;

OrderedJson mistral_wire_message(const OrderedJson* role, const OrderedJson* content) {
    OrderedJson message = OrderedJson::object({});
    js::set_defined(message, "content", content);
    if (js::is(role, "assistant")) message.set("prefix", OrderedJson::boolean(false));
    js::set_defined(message, "role", role);
    return message;
}

namespace {

std::vector<const OrderedJson*> text_and_image_parts(const OrderedJson& blocks) {
    std::vector<const OrderedJson*> parts;
    for (const OrderedJson& part : blocks.items()) {
        const OrderedJson* type = js::get(part, "type");
        if (js::is(type, "text") || js::is(type, "image")) parts.push_back(&part);
    }
    return parts;
}

OrderedJson user_chunk(const OrderedJson& part) {
    if (js::is(js::get(part, "type"), "image")) {
        const OrderedJson* source = js::get(part, "source");
        std::string url = "data:" + js::text_of(js::get(source, "media_type")) + ";base64," +
                          js::text_of(js::get(source, "data"));
        return OrderedJson::object(
            {{"image_url", OrderedJson::object({{"url", OrderedJson::string(std::move(url))}})},
             {"type", OrderedJson::string("image_url")}});
    }
    OrderedJson chunk = OrderedJson::object({});
    js::set_defined(chunk, "text", js::get(part, "text"));
    chunk.set("type", OrderedJson::string("text"));
    return chunk;
}

}  // namespace

OrderedJson convert_to_mistral_messages(const OrderedJson& anthropic_messages) {
    OrderedJson out = OrderedJson::array({});
    const OrderedJson user = OrderedJson::string("user");
    const OrderedJson assistant = OrderedJson::string("assistant");
    for (const OrderedJson& message : anthropic_messages.items()) {
        const OrderedJson* role = js::get(message, "role");
        const OrderedJson* content = js::get(message, "content");
        if (js::is_string(content)) {
            out.push_back(mistral_wire_message(role, content));
        } else if (js::is(role, "user")) {
            const std::vector<const OrderedJson*> parts =
                text_and_image_parts(js::as_array(content, "anthropicMessage.content", "reduce"));
            if (parts.empty()) continue;
            OrderedJson chunks = OrderedJson::array({});
            for (const OrderedJson* part : parts) chunks.push_back(user_chunk(*part));
            out.push_back(mistral_wire_message(&user, &chunks));
        } else if (js::is(role, "assistant")) {
            const std::vector<const OrderedJson*> parts =
                text_and_image_parts(js::as_array(content, "anthropicMessage.content", "reduce"));
            if (parts.empty()) {
                out.push_back(mistral_wire_message(&assistant, nullptr));
                continue;
            }
            OrderedJson texts = OrderedJson::array({});
            for (const OrderedJson* part : parts) {
                // An image (impossible for an assistant) contributes "".
                if (js::is(js::get(*part, "type"), "image")) {
                    texts.push_back(OrderedJson::string(""));
                } else {
                    const OrderedJson* text = js::get(*part, "text");
                    texts.push_back(text != nullptr ? *text : OrderedJson());
                }
            }
            const OrderedJson joined = OrderedJson::string(json::js_array_join(texts, "\n"));
            out.push_back(mistral_wire_message(&assistant, &joined));
        }
    }
    return out;
}

}  // namespace lapce_ai::providers
