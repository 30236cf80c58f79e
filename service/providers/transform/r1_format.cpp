#include "r1_format.h"

#include <optional>
#include <string>
#include <utility>

#include "js_access.h"

namespace lapce_ai::providers {

using json::OrderedJson;

namespace {

OrderedJson text_part(const OrderedJson* text) {
    OrderedJson part = OrderedJson::object({{"type", OrderedJson::string("text")}});
    js::set_defined(part, "text", text);
    return part;
}

// The message's content as the reference builds it; nullopt stands for undefined.
std::optional<OrderedJson> message_content(const OrderedJson* content) {
    if (!js::is_array(content)) {
        if (content == nullptr) return std::nullopt;
        return *content;
    }
    OrderedJson text_parts = OrderedJson::array({});
    OrderedJson image_parts = OrderedJson::array({});
    for (const OrderedJson& part : content->items()) {
        const OrderedJson* type = js::get(part, "type");
        if (js::is(type, "text")) {
            const OrderedJson* text = js::get(part, "text");
            text_parts.push_back(text != nullptr ? *text : OrderedJson());
        }
        if (js::is(type, "image")) {
            const OrderedJson* source = js::get(part, "source");
            std::string url = "data:" + js::text_of(js::get(source, "media_type")) + ";base64," +
                              js::text_of(js::get(source, "data"));
            image_parts.push_back(OrderedJson::object(
                {{"type", OrderedJson::string("image_url")},
                 {"image_url", OrderedJson::object({{"url", OrderedJson::string(url)}})}}));
        }
    }
    if (image_parts.items().empty())
        return OrderedJson::string(json::js_array_join(text_parts, "\n"));
    OrderedJson parts = OrderedJson::array({});
    if (!text_parts.items().empty()) {
        const OrderedJson joined = OrderedJson::string(json::js_array_join(text_parts, "\n"));
        parts.push_back(text_part(&joined));
    }
    for (const OrderedJson& image : image_parts.items()) parts.push_back(image);
    return parts;
}

}  // namespace

OrderedJson convert_to_r1_format(const OrderedJson& messages) {
    std::vector<OrderedJson> merged;
    for (const OrderedJson& message : messages.items()) {
        const OrderedJson* role = js::get(message, "role");
        const std::optional<OrderedJson> content = message_content(js::get(message, "content"));
        OrderedJson* last = merged.empty() ? nullptr : &merged.back();
        // Messages made here always carry a string role.
        const bool same_role = last != nullptr && js::is(role, last->find("role")->as_string());
        if (!same_role) {
            OrderedJson added = OrderedJson::object(
                {{"role", OrderedJson::string(js::is(role, "assistant") ? "assistant" : "user")}});
            if (content) added.set("content", *content);
            merged.push_back(std::move(added));
            continue;
        }
        const OrderedJson* last_content = last->find("content");
        if (js::is_string(last_content) && content && content->is_string()) {
            last->set("content",
                      OrderedJson::string(last_content->as_string() + "\n" + content->as_string()));
            continue;
        }
        // Either side has parts: both become part arrays and are concatenated.
        OrderedJson combined = OrderedJson::array({});
        if (js::is_array(last_content)) {
            for (const OrderedJson& part : last_content->items()) combined.push_back(part);
        } else {
            const OrderedJson text =
                js::truthy(last_content) ? *last_content : OrderedJson::string("");
            combined.push_back(text_part(&text));
        }
        if (content && content->is_array()) {
            for (const OrderedJson& part : content->items()) combined.push_back(part);
        } else {
            combined.push_back(text_part(content ? &*content : nullptr));
        }
        last->set("content", std::move(combined));
    }
    return OrderedJson::array(std::move(merged));
}

}  // namespace lapce_ai::providers
