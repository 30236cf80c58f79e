#include "ollama_format.h"

#include <string>
#include <vector>

#include "js_access.h"

namespace lapce_ai::providers {

using json::OrderedJson;

namespace {

OrderedJson chat_message(const OrderedJson* role, const OrderedJson* content) {
    OrderedJson message = OrderedJson::object({});
    js::set_defined(message, "role", role);
    js::set_defined(message, "content", content);
    return message;
}

// `"source" in part && part.source.type === "base64"`: the image's data, nullptr otherwise.
const OrderedJson* base64_image_data(const OrderedJson& part) {
    const OrderedJson* source = js::get(part, "source");
    if (source == nullptr || !js::is(js::get(source, "type"), "base64")) return nullptr;
    return js::get(source, "data");
}

OrderedJson data_or_undefined(const OrderedJson* data) {
    return data != nullptr ? *data : OrderedJson();
}

// toolMessage.content as one string: text parts joined with "\n", images replaced by a note
// (their data goes to `images`).
std::string tool_result_text(const OrderedJson& tool_message, OrderedJson& images) {
    const OrderedJson* content = js::get(tool_message, "content");
    if (js::is_string(content)) return content->as_string();
    if (content == nullptr || content->is_null()) return "";
    OrderedJson texts = OrderedJson::array({});
    for (const OrderedJson& part : js::as_array(content, "toolMessage.content?", "map").items()) {
        if (js::is(js::get(part, "type"), "image")) {
            if (const OrderedJson* data = base64_image_data(part)) images.push_back(*data);
            texts.push_back(OrderedJson::string("(see following user message for image)"));
        } else {
            texts.push_back(data_or_undefined(js::get(part, "text")));
        }
    }
    return json::js_array_join(texts, "\n");
}

void convert_user_parts(const OrderedJson& blocks, OrderedJson& out) {
    std::vector<const OrderedJson*> non_tool;
    std::vector<const OrderedJson*> tool;
    for (const OrderedJson& part : blocks.items()) {
        const OrderedJson* type = js::get(part, "type");
        if (js::is(type, "tool_result")) {
            tool.push_back(&part);
        } else if (js::is(type, "text") || js::is(type, "image")) {
            non_tool.push_back(&part);
        }
    }

    OrderedJson tool_result_images = OrderedJson::array({});
    std::vector<std::size_t> sharing_images;
    for (const OrderedJson* tool_message : tool) {
        const std::string content = tool_result_text(*tool_message, tool_result_images);
        OrderedJson message = OrderedJson::object({{"role", OrderedJson::string("user")}});
        if (!tool_result_images.items().empty()) {
            message.set("images", tool_result_images);
            sharing_images.push_back(out.items().size());
        }
        message.set("content", OrderedJson::string(content));
        out.push_back(std::move(message));
    }
    for (const std::size_t index : sharing_images)
        out.mutable_items()[index].set("images", tool_result_images);

    if (non_tool.empty()) return;
    OrderedJson texts = OrderedJson::array({});
    OrderedJson images = OrderedJson::array({});
    for (const OrderedJson* part : non_tool) {
        if (js::is(js::get(*part, "type"), "text")) {
            texts.push_back(data_or_undefined(js::get(*part, "text")));
        } else if (const OrderedJson* data = base64_image_data(*part)) {
            images.push_back(*data);
        }
    }
    OrderedJson message =
        OrderedJson::object({{"role", OrderedJson::string("user")},
                             {"content", OrderedJson::string(json::js_array_join(texts, "\n"))}});
    if (!images.items().empty()) message.set("images", std::move(images));
    out.push_back(std::move(message));
}

OrderedJson assistant_message(const OrderedJson& blocks) {
    OrderedJson texts = OrderedJson::array({});
    for (const OrderedJson& part : blocks.items()) {
        const OrderedJson* type = js::get(part, "type");
        if (js::is(type, "image")) {
            texts.push_back(OrderedJson::string(""));  // impossible: assistants send no images
        } else if (js::is(type, "text")) {
            texts.push_back(data_or_undefined(js::get(part, "text")));
        }
    }
    return OrderedJson::object(
        {{"role", OrderedJson::string("assistant")},
         {"content", OrderedJson::string(json::js_array_join(texts, "\n"))}});
}

}  // namespace

OrderedJson convert_to_ollama_messages(const OrderedJson& anthropic_messages) {
    OrderedJson out = OrderedJson::array({});
    for (const OrderedJson& message : anthropic_messages.items()) {
        const OrderedJson* role = js::get(message, "role");
        const OrderedJson* content = js::get(message, "content");
        if (js::is_string(content)) {
            out.push_back(chat_message(role, content));
        } else if (js::is(role, "user")) {
            convert_user_parts(js::as_array(content, "anthropicMessage.content", "reduce"), out);
        } else if (js::is(role, "assistant")) {
            out.push_back(
                assistant_message(js::as_array(content, "anthropicMessage.content", "reduce")));
        }
    }
    return out;
}

}  // namespace lapce_ai::providers
