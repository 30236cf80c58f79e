#include "tiktoken.h"

#include <cmath>
#include <string_view>

#include "o200k_encoder.h"

namespace lapce_ai::providers {

namespace {

constexpr double token_fudge_factor = 1.5;
// What the reference adds for an image whose source carries no data.
constexpr double unknown_image_tokens = 300;

ProviderError type_error(std::string message) {
    return ProviderError("TypeError", std::move(message));
}

// String.prototype.length of a string kept as WTF-8: one unit per code point, two for those
// outside the BMP (4-byte sequences).
double js_string_length(std::string_view wtf8) {
    double units = 0;
    for (const char c : wtf8) {
        const auto byte = static_cast<unsigned char>(c);
        if ((byte & 0xC0) != 0x80) {
            units += byte >= 0xF0 ? 2 : 1;
        }
    }
    return units;
}

// `value.length` of a JSON value: NaN stands for undefined (numbers, booleans, objects).
double js_length(const json::OrderedJson& value) {
    if (value.is_string()) {
        return js_string_length(value.as_string());
    }
    if (value.is_array()) {
        return static_cast<double>(value.items().size());
    }
    return std::nan("");
}

Expected<double, ProviderError> text_block_tokens(const json::OrderedJson& block) {
    // `block.text || ""`
    const auto* text = block.find("text");
    if (text == nullptr || !json::js_truthy(*text)) {
        return 0.0;
    }
    if (text->is_string()) {
        const auto well_formed = json::js_to_well_formed(text->as_string());
        return static_cast<double>(O200kEncoder::shared().o200k_count(well_formed));
    }
    // A non-empty array reaches the encoder, whose string conversion (wasm-bindgen's
    // passStringToWasm0) calls arg.charCodeAt; other values have no length and are skipped.
    if (text->is_array()) {
        return unexpected(type_error("arg.charCodeAt is not a function"));
    }
    return 0.0;
}

Expected<double, ProviderError> image_block_tokens(const json::OrderedJson& block) {
    const auto* source = block.find("source");
    const auto* data = source != nullptr && source->is_object() ? source->find("data") : nullptr;
    if (data == nullptr) {
        return unknown_image_tokens;
    }
    if (data->is_null()) {
        return unexpected(type_error("Cannot read properties of null (reading 'length')"));
    }
    return std::ceil(std::sqrt(js_length(*data)));
}

}  // namespace

Expected<double, ProviderError> tiktoken(const json::OrderedJson& content) {
    // `content.length === 0`, then `for (const block of content)`.
    if (content.is_null()) {
        return unexpected(type_error("Cannot read properties of null (reading 'length')"));
    }
    if (content.is_string()) {
        // A string iterates as its characters, none of which has a `type`.
        return 0.0;
    }
    if (!content.is_array()) {
        return unexpected(type_error("content is not iterable"));
    }
    if (content.items().empty()) {
        return 0.0;
    }

    double total_tokens = 0;
    for (const auto& block : content.items()) {
        if (block.is_null()) {
            return unexpected(type_error("Cannot read properties of null (reading 'type')"));
        }
        const auto* type = block.find("type");
        if (type == nullptr || !type->is_string()) {
            continue;
        }
        Expected<double, ProviderError> tokens = 0.0;
        if (type->as_string() == "text") {
            tokens = text_block_tokens(block);
        } else if (type->as_string() == "image") {
            tokens = image_block_tokens(block);
        }
        if (!tokens) {
            return unexpected(tokens.error());
        }
        total_tokens += *tokens;
    }
    return std::ceil(total_tokens * token_fudge_factor);
}

}  // namespace lapce_ai::providers
