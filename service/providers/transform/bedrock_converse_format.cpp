#include "bedrock_converse_format.h"

#include <algorithm>
#include <array>
#include <string>

#include "js_access.h"
#include "js_base64.h"
#include "provider_error.h"
#include "sdk_shapes.h"

namespace lapce_ai::providers {

using json::OrderedJson;

namespace {

OrderedJson text_block(OrderedJson text) {
    return OrderedJson::object({{"text", std::move(text)}});
}

OrderedJson image_block(const OrderedJson& block) {
    const OrderedJson* source = js::get(block, "source");
    const OrderedJson* data = js::get(source, "data");
    // A string is decoded with atob; anything else stands for the Uint8Array the reference
    // would pass on (the serialiser check rejects what is not one).
    OrderedJson bytes = js::is_string(data)
                            ? OrderedJson::string(js::base64_encode(js::atob(data->as_string())))
                            : (data != nullptr ? *data : OrderedJson());
    const OrderedJson* media_type = js::get(source, "media_type");
    if (!js::is_string(media_type)) {
        (void)js::get(media_type, "split");
        throw ProviderError("TypeError", "messageBlock.source.media_type.split is not a function");
    }
    const std::string& mime = media_type->as_string();
    const std::size_t slash = mime.find('/');
    const bool has_format = slash != std::string::npos;
    const std::string format =
        has_format ? mime.substr(slash + 1, mime.find('/', slash + 1) - slash - 1) : "";
    constexpr std::array<std::string_view, 4> kFormats = {"png", "jpeg", "gif", "webp"};
    if (!has_format || std::find(kFormats.begin(), kFormats.end(), format) == kFormats.end())
        throw ProviderError("Error",
                            "Unsupported image format: " + (has_format ? format : "undefined"));
    OrderedJson image = OrderedJson::object({{"format", OrderedJson::string(format)}});
    // Undefined data leaves {bytes: undefined}, which the serialiser check rejects.
    image.set("source", data != nullptr ? OrderedJson::object({{"bytes", std::move(bytes)}})
                                        : OrderedJson::object({}));
    return OrderedJson::object({{"image", std::move(image)}});
}

// `value || ""`
OrderedJson or_empty(const OrderedJson* value) {
    return js::truthy(value) ? *value : OrderedJson::string("");
}

OrderedJson tool_use_block(const OrderedJson& block) {
    const OrderedJson* input = js::get(block, "input");
    OrderedJson params = OrderedJson::array({});
    if (js::truthy(input)) {
        for (const auto& [key, value] : js::object_entries(*input)) {
            params.push_back(OrderedJson::string("<" + key + ">\n" + json::js_to_string(value) +
                                                 "\n</" + key + ">"));
        }
    }
    const OrderedJson* name = js::get(block, "name");
    const std::string tag = js::text_of(name);
    OrderedJson tool_use = OrderedJson::object(
        {{"input", OrderedJson::string("<" + tag + ">\n" + json::js_array_join(params, "\n") +
                                       "\n</" + tag + ">")},
         {"name", or_empty(name)},
         {"toolUseId", or_empty(js::get(block, "id"))}});
    return OrderedJson::object({{"toolUse", std::move(tool_use)}});
}

OrderedJson tool_result(OrderedJson content, const OrderedJson& block) {
    return OrderedJson::object(
        {{"toolResult",
          OrderedJson::object({{"content", std::move(content)},
                               {"status", OrderedJson::string("success")},
                               {"toolUseId", or_empty(js::get(block, "tool_use_id"))}})}});
}

OrderedJson tool_result_block(const OrderedJson& block) {
    const OrderedJson* content = js::get(block, "content");
    if (js::truthy(content) && content->is_array()) {
        OrderedJson items = OrderedJson::array({});
        for (const OrderedJson& item : content->items()) {
            OrderedJson converted = OrderedJson::object({});
            js::set_defined(converted, "text", js::get(item, "text"));
            items.push_back(std::move(converted));
        }
        return tool_result(std::move(items), block);
    }
    // Anthropic tool results have no `output`: a string content ends up as "" here.
    const OrderedJson* output = js::get(block, "output");
    if (js::truthy(output) && output->is_string())
        return tool_result(OrderedJson::array({text_block(*output)}), block);
    if (js::is_array(output)) {
        OrderedJson items = OrderedJson::array({});
        for (const OrderedJson& part : output->items()) {
            if (part.is_object() && part.find("text") != nullptr) {
                items.push_back(text_block(*part.find("text")));
            } else if (part.is_object() && part.find("type") != nullptr) {
                items.push_back(
                    text_block(js::is(part.find("type"), "image")
                                   ? OrderedJson::string("(see following message for image)")
                                   : OrderedJson::string(json::js_to_string(part))));
            } else {
                if (part.is_null())
                    throw ProviderError("TypeError",
                                        "Cannot use 'in' operator to search for 'text' in null");
                items.push_back(text_block(OrderedJson::string(json::js_to_string(part))));
            }
        }
        return tool_result(std::move(items), block);
    }
    return tool_result(OrderedJson::array({text_block(OrderedJson::string(
                           js::truthy(output) ? js::text_of(output) : std::string()))}),
                       block);
}

// se_VideoSource writes only the union member it visits: `bytes` through the SDK's base64
// encoder (toBase64 encodes a string as its UTF-8 bytes), `s3Location` through _json. Other
// values are left for assert_bedrock_converse_serializable to reject.
OrderedJson video_source(const OrderedJson& source) {
    if (!source.is_object()) return source;
    if (const OrderedJson* bytes = source.find("bytes")) {
        return OrderedJson::object(
            {{"bytes", bytes->is_string()
                           ? OrderedJson::string(js::base64_encode(bytes->as_string()))
                           : *bytes}});
    }
    if (const OrderedJson* location = source.find("s3Location"))
        return OrderedJson::object({{"s3Location", sdk::json_shape(*location)}});
    return source;
}

OrderedJson video_block(const OrderedJson& block) {
    const OrderedJson* s3_location = js::get(block, "s3Location");
    OrderedJson video = OrderedJson::object({{"format", OrderedJson::string("mp4")}});
    if (js::truthy(s3_location)) {
        OrderedJson location = OrderedJson::object({});
        // The serialiser's _json drops null members; its keys keep the reference's order.
        const OrderedJson* uri = js::get(s3_location, "uri");
        const OrderedJson* owner = js::get(s3_location, "bucketOwner");
        if (uri != nullptr && !uri->is_null()) location.set("uri", *uri);
        if (owner != nullptr && !owner->is_null()) location.set("bucketOwner", *owner);
        video.set("source", OrderedJson::object({{"s3Location", std::move(location)}}));
    } else if (const OrderedJson* source = js::get(block, "source");
               source != nullptr && !source->is_null()) {
        video.set("source", video_source(*source));
    }
    return OrderedJson::object({{"video", std::move(video)}});
}

OrderedJson convert_block(const OrderedJson& block) {
    const OrderedJson* type = js::get(block, "type");
    if (js::is(type, "text")) {
        const OrderedJson* text = js::get(block, "text");
        return text_block(js::truthy(text) ? *text : OrderedJson::string(""));
    }
    if (js::is(type, "image") && js::truthy(js::get(block, "source"))) return image_block(block);
    if (js::is(type, "tool_use")) return tool_use_block(block);
    if (js::is(type, "tool_result")) return tool_result_block(block);
    if (js::is(type, "video")) return video_block(block);
    return text_block(OrderedJson::string("[Unknown Block Type]"));
}

[[noreturn]] void unknown_union_member() {
    throw ProviderError("TypeError", "Cannot read properties of undefined (reading '0')");
}

void assert_serializable_source(const OrderedJson* source) {
    if (source == nullptr || source->is_null()) return;
    const OrderedJson* bytes = source->is_object() ? source->find("bytes") : nullptr;
    if (bytes != nullptr) {
        if (bytes->is_null())
            throw ProviderError("TypeError",
                                "Cannot read properties of null (reading 'byteOffset')");
        if (!bytes->is_string())
            throw ProviderError(
                "Error",
                "@smithy/util-base64: toBase64 encoder function only accepts string | Uint8Array.");
        return;
    }
    if (source->is_object() && source->find("s3Location") != nullptr) return;
    unknown_union_member();
}

}  // namespace

OrderedJson convert_to_bedrock_converse_messages(const OrderedJson& anthropic_messages) {
    OrderedJson out = OrderedJson::array({});
    for (const OrderedJson& message : anthropic_messages.items()) {
        const OrderedJson role = OrderedJson::string(
            js::is(js::get(message, "role"), "assistant") ? "assistant" : "user");
        const OrderedJson* content = js::get(message, "content");
        OrderedJson blocks = OrderedJson::array({});
        if (js::is_string(content)) {
            blocks.push_back(text_block(*content));
        } else {
            for (const OrderedJson& block :
                 js::as_array(content, "anthropicMessage.content", "map").items())
                blocks.push_back(convert_block(block));
        }
        out.push_back(OrderedJson::object({{"content", std::move(blocks)}, {"role", role}}));
    }
    return out;
}

void assert_bedrock_converse_serializable(const OrderedJson& messages) {
    for (const OrderedJson& message : messages.items()) {
        const OrderedJson* content = message.find("content");
        if (content == nullptr || !content->is_array()) continue;
        for (const OrderedJson& block : content->items()) {
            if (const OrderedJson* image = block.find("image")) {
                assert_serializable_source(image->find("source"));
            } else if (const OrderedJson* video = block.find("video")) {
                assert_serializable_source(video->find("source"));
            } else if (const OrderedJson* result = block.find("toolResult")) {
                const OrderedJson* items = result->find("content");
                if (items == nullptr || !items->is_array()) continue;
                for (const OrderedJson& item : items->items()) {
                    if (!item.is_null() && item.find("text") == nullptr) unknown_union_member();
                }
            }
        }
    }
}

}  // namespace lapce_ai::providers
