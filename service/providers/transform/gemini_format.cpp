#include "gemini_format.h"

#include <string>

#include "js_access.h"
#include "provider_error.h"

namespace lapce_ai::providers {

using json::OrderedJson;

namespace {

OrderedJson inline_data(const OrderedJson* data, const OrderedJson* media_type) {
    OrderedJson blob = OrderedJson::object({});
    js::set_defined(blob, "data", data);
    js::set_defined(blob, "mimeType", media_type);
    return OrderedJson::object({{"inlineData", std::move(blob)}});
}

OrderedJson function_response(const std::string& tool_name, OrderedJson content) {
    return OrderedJson::object(
        {{"functionResponse",
          OrderedJson::object(
              {{"name", OrderedJson::string(tool_name)},
               {"response", OrderedJson::object({{"name", OrderedJson::string(tool_name)},
                                                 {"content", std::move(content)}})}})}});
}

// `tool_use_id.split("-")[0]`
std::string tool_name_of(const OrderedJson& block) {
    const OrderedJson* id = js::get(block, "tool_use_id");
    if (!js::is_string(id)) {
        (void)js::get(id, "split");
        throw ProviderError("TypeError", "block.tool_use_id.split is not a function");
    }
    const std::string& text = id->as_string();
    return text.substr(0, text.find('-'));
}

void append_tool_result(const OrderedJson& block, OrderedJson& parts) {
    const OrderedJson* content = js::get(block, "content");
    if (!js::truthy(content)) return;
    const std::string tool_name = tool_name_of(block);
    if (content->is_string()) {
        parts.push_back(function_response(tool_name, *content));
        return;
    }
    if (!content->is_array()) return;
    OrderedJson texts = OrderedJson::array({});
    OrderedJson images = OrderedJson::array({});
    for (const OrderedJson& item : content->items()) {
        const OrderedJson* type = js::get(item, "type");
        if (js::is(type, "text")) {
            const OrderedJson* text = js::get(item, "text");
            texts.push_back(text != nullptr ? *text : OrderedJson());
        } else if (js::is(type, "image") &&
                   js::is(js::get(js::get(item, "source"), "type"), "base64")) {
            const OrderedJson* source = js::get(item, "source");
            images.push_back(inline_data(js::get(source, "data"), js::get(source, "media_type")));
        }
    }
    std::string text = json::js_array_join(texts, "\n\n");
    if (!images.items().empty()) text += "\n\n(See next part for image)";
    parts.push_back(function_response(tool_name, OrderedJson::string(std::move(text))));
    for (const OrderedJson& image : images.items()) parts.push_back(image);
}

}  // namespace

OrderedJson convert_anthropic_content_to_gemini(const OrderedJson& content) {
    if (content.is_string()) return OrderedJson::array({OrderedJson::object({{"text", content}})});
    OrderedJson parts = OrderedJson::array({});
    for (const OrderedJson& block : js::as_array(&content, "content", "flatMap").items()) {
        const OrderedJson* type = js::get(block, "type");
        if (js::is(type, "text")) {
            OrderedJson part = OrderedJson::object({});
            js::set_defined(part, "text", js::get(block, "text"));
            parts.push_back(std::move(part));
        } else if (js::is(type, "image")) {
            const OrderedJson* source = js::get(block, "source");
            if (!js::is(js::get(source, "type"), "base64"))
                throw ProviderError("Error", "Unsupported image source type");
            parts.push_back(inline_data(js::get(source, "data"), js::get(source, "media_type")));
        } else if (js::is(type, "tool_use")) {
            OrderedJson call = OrderedJson::object({});
            js::set_defined(call, "name", js::get(block, "name"));
            js::set_defined(call, "args", js::get(block, "input"));
            parts.push_back(OrderedJson::object({{"functionCall", std::move(call)}}));
        } else if (js::is(type, "tool_result")) {
            append_tool_result(block, parts);
        } else {
            // "thinking", "redacted_thinking", "document" and anything else.
            throw ProviderError("Error", "Unsupported content block type: " + js::text_of(type));
        }
    }
    return parts;
}

OrderedJson convert_anthropic_message_to_gemini(const OrderedJson& message) {
    const OrderedJson* role = js::get(message, "role");
    const OrderedJson* content = js::get(message, "content");
    if (content == nullptr)
        (void)js::get(content, "flatMap");  // throws: content.flatMap on undefined
    return OrderedJson::object(
        {{"role", OrderedJson::string(js::is(role, "assistant") ? "model" : "user")},
         {"parts", convert_anthropic_content_to_gemini(content ? *content : OrderedJson())}});
}

}  // namespace lapce_ai::providers
