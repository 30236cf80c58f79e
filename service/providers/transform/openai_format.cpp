#include "openai_format.h"

#include <string>
#include <vector>

#include "js_access.h"
#include "provider_error.h"

namespace lapce_ai::providers {

using json::OrderedJson;

namespace {

OrderedJson image_url_part(const OrderedJson& image) {
    const OrderedJson* source = js::get(image, "source");
    std::string url = "data:" + js::text_of(js::get(source, "media_type")) + ";base64," +
                      js::text_of(js::get(source, "data"));
    return OrderedJson::object(
        {{"type", OrderedJson::string("image_url")},
         {"image_url", OrderedJson::object({{"url", OrderedJson::string(std::move(url))}})}});
}

// The tool message's content: a string as is, an array of text/image parts joined with "\n".
std::string tool_result_text(const OrderedJson& tool_result) {
    const OrderedJson* content = js::get(tool_result, "content");
    if (js::is_string(content)) return content->as_string();
    if (content == nullptr || content->is_null()) return "";
    if (!content->is_array())
        throw ProviderError("TypeError", "toolMessage.content?.map is not a function");
    OrderedJson texts = OrderedJson::array({});
    for (const OrderedJson& part : content->items()) {
        if (js::is(js::get(part, "type"), "image")) {
            texts.push_back(OrderedJson::string("(see following user message for image)"));
        } else {
            const OrderedJson* text = js::get(part, "text");
            texts.push_back(text != nullptr ? *text : OrderedJson());
        }
    }
    return json::js_array_join(texts, "\n");
}

void convert_user_blocks(const OrderedJson& blocks, OrderedJson& out) {
    std::vector<const OrderedJson*> non_tool;
    std::vector<const OrderedJson*> tool_results;
    for (const OrderedJson& part : blocks.items()) {
        const OrderedJson* type = js::get(part, "type");
        if (js::is(type, "tool_result")) {
            tool_results.push_back(&part);
        } else if (js::is(type, "text") || js::is(type, "image")) {
            non_tool.push_back(&part);
        }
    }
    // Tool results first: they must follow the assistant's tool calls.
    for (const OrderedJson* tool_result : tool_results) {
        OrderedJson message = OrderedJson::object({{"role", OrderedJson::string("tool")}});
        js::set_defined(message, "tool_call_id", js::get(*tool_result, "tool_use_id"));
        message.set("content", OrderedJson::string(tool_result_text(*tool_result)));
        out.push_back(std::move(message));
    }
    if (non_tool.empty()) return;
    OrderedJson parts = OrderedJson::array({});
    for (const OrderedJson* part : non_tool) {
        if (js::is(js::get(*part, "type"), "image")) {
            parts.push_back(image_url_part(*part));
        } else {
            OrderedJson text_part = OrderedJson::object({{"type", OrderedJson::string("text")}});
            js::set_defined(text_part, "text", js::get(*part, "text"));
            parts.push_back(std::move(text_part));
        }
    }
    out.push_back(OrderedJson::object(
        {{"role", OrderedJson::string("user")}, {"content", std::move(parts)}}));
}

void convert_assistant_blocks(const OrderedJson& blocks, OrderedJson& out) {
    std::vector<const OrderedJson*> non_tool;
    std::vector<const OrderedJson*> tool_uses;
    for (const OrderedJson& part : blocks.items()) {
        const OrderedJson* type = js::get(part, "type");
        if (js::is(type, "tool_use")) {
            tool_uses.push_back(&part);
        } else if (js::is(type, "text") || js::is(type, "image")) {
            non_tool.push_back(&part);
        }
    }
    OrderedJson message = OrderedJson::object({{"role", OrderedJson::string("assistant")}});
    if (!non_tool.empty()) {
        OrderedJson texts = OrderedJson::array({});
        for (const OrderedJson* part : non_tool) {
            // An image (impossible for an assistant) contributes "".
            if (js::is(js::get(*part, "type"), "image")) {
                texts.push_back(OrderedJson::string(""));
            } else {
                const OrderedJson* text = js::get(*part, "text");
                texts.push_back(text != nullptr ? *text : OrderedJson());
            }
        }
        message.set("content", OrderedJson::string(json::js_array_join(texts, "\n")));
    }
    if (!tool_uses.empty()) {
        OrderedJson tool_calls = OrderedJson::array({});
        for (const OrderedJson* tool_use : tool_uses) {
            OrderedJson call = OrderedJson::object({});
            js::set_defined(call, "id", js::get(*tool_use, "id"));
            call.set("type", OrderedJson::string("function"));
            OrderedJson function = OrderedJson::object({});
            js::set_defined(function, "name", js::get(*tool_use, "name"));
            // JSON.stringify(undefined) is undefined: the key is left out.
            if (const OrderedJson* input = js::get(*tool_use, "input"))
                function.set("arguments", OrderedJson::string(json::json_stringify(*input)));
            call.set("function", std::move(function));
            tool_calls.push_back(std::move(call));
        }
        message.set("tool_calls", std::move(tool_calls));
    }
    out.push_back(std::move(message));
}

}  // namespace

OrderedJson convert_to_openai_messages(const OrderedJson& anthropic_messages) {
    OrderedJson out = OrderedJson::array({});
    for (const OrderedJson& message : anthropic_messages.items()) {
        const OrderedJson* role = js::get(message, "role");
        const OrderedJson* content = js::get(message, "content");
        if (js::is_string(content)) {
            OrderedJson converted = OrderedJson::object({});
            js::set_defined(converted, "role", role);
            converted.set("content", *content);
            out.push_back(std::move(converted));
        } else if (js::is(role, "user")) {
            convert_user_blocks(js::as_array(content, "anthropicMessage.content", "reduce"), out);
        } else if (js::is(role, "assistant")) {
            convert_assistant_blocks(js::as_array(content, "anthropicMessage.content", "reduce"),
                                     out);
        }
    }
    return out;
}

}  // namespace lapce_ai::providers
