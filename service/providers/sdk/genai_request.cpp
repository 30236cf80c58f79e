#include "genai_request.h"

#include <array>

#include "provider_error.h"

namespace lapce_ai::providers {

using json::OrderedJson;

namespace {

// getValueByPath(object, [key]) != null
const OrderedJson* present(const OrderedJson& object, std::string_view key) {
    const OrderedJson* value = object.is_object() ? object.find(key) : nullptr;
    return value != nullptr && !value->is_null() ? value : nullptr;
}

// getValueByPath(object, [key]) !== undefined
bool defined(const OrderedJson& object, std::string_view key) {
    return object.is_object() && object.find(key) != nullptr;
}

void copy_present(const OrderedJson& from, OrderedJson& to, std::string_view key) {
    if (const OrderedJson* value = present(from, key)) to.set(std::string(key), *value);
}

[[noreturn]] void fail(std::string message) {
    throw ProviderError("Error", std::move(message));
}

// blobToMldev / blobToVertex (`content_key` "data") and fileDataToMldev / fileDataToVertex
// ("fileUri"): the Gemini API refuses a displayName, Vertex keeps it.
OrderedJson blob_to_wire(const OrderedJson& blob, bool vertexai, std::string_view content_key) {
    OrderedJson out = OrderedJson::object({});
    if (vertexai) {
        copy_present(blob, out, "displayName");
    } else if (defined(blob, "displayName")) {
        fail("displayName parameter is not supported in Gemini API.");
    }
    copy_present(blob, out, content_key);
    copy_present(blob, out, "mimeType");
    return out;
}

OrderedJson part_to_wire(const OrderedJson& part, bool vertexai) {
    OrderedJson out = OrderedJson::object({});
    copy_present(part, out, "videoMetadata");
    copy_present(part, out, "thought");
    if (const OrderedJson* blob = present(part, "inlineData"))
        out.set("inlineData", blob_to_wire(*blob, vertexai, "data"));
    if (const OrderedJson* file = present(part, "fileData"))
        out.set("fileData", blob_to_wire(*file, vertexai, "fileUri"));
    for (const char* key : {"thoughtSignature", "codeExecutionResult", "executableCode",
                            "functionCall", "functionResponse", "text"})
        copy_present(part, out, key);
    return out;
}

OrderedJson content_to_wire(const OrderedJson& content, bool vertexai) {
    OrderedJson out = OrderedJson::object({});
    if (const OrderedJson* parts = present(content, "parts")) {
        if (parts->is_array()) {
            OrderedJson converted = OrderedJson::array({});
            for (const OrderedJson& part : parts->items())
                converted.push_back(part_to_wire(part, vertexai));
            out.set("parts", std::move(converted));
        } else {
            out.set("parts", *parts);
        }
    }
    copy_present(content, out, "role");
    return out;
}

bool is_content(const OrderedJson& value) {
    const OrderedJson* parts = value.is_object() ? value.find("parts") : nullptr;
    return parts != nullptr && parts->is_array();
}

bool is_function_part(const OrderedJson& value) {
    return defined(value, "functionCall") || defined(value, "functionResponse");
}

// tPart
OrderedJson to_part(const OrderedJson& origin) {
    if (origin.is_null()) fail("PartUnion is required");
    if (origin.is_object() || origin.is_array()) return origin;
    if (origin.is_string())
        return OrderedJson::object({{"text", OrderedJson::string(origin.as_string())}});
    fail(std::string("Unsupported part type: ") +
         (origin.type() == OrderedJson::Type::Number ? "number" : "boolean"));
}

// tParts
OrderedJson to_parts(const OrderedJson& origin) {
    if (origin.is_null() || (origin.is_array() && origin.items().empty()))
        fail("PartListUnion is required");
    OrderedJson parts = OrderedJson::array({});
    if (origin.is_array()) {
        for (const OrderedJson& item : origin.items()) parts.push_back(to_part(item));
    } else {
        parts.push_back(to_part(origin));
    }
    return parts;
}

OrderedJson user_content(OrderedJson parts) {
    return OrderedJson::object(
        {{"role", OrderedJson::string("user")}, {"parts", std::move(parts)}});
}

// tContent
OrderedJson to_content(const OrderedJson& origin) {
    if (origin.is_null()) fail("ContentUnion is required");
    if (is_content(origin)) return origin;
    return user_content(to_parts(origin));
}

// tContents
std::vector<OrderedJson> to_contents(const OrderedJson& origin) {
    if (origin.is_null() || (origin.is_array() && origin.items().empty()))
        fail("contents are required");
    if (!origin.is_array()) {
        if (is_function_part(origin))
            fail(
                "To specify functionCall or functionResponse parts, please wrap them in a Content "
                "object, specifying the role for them");
        return {to_content(origin)};
    }
    std::vector<OrderedJson> result;
    OrderedJson accumulated_parts = OrderedJson::array({});
    const bool content_array = is_content(origin.items().front());
    for (const OrderedJson& item : origin.items()) {
        const bool content = is_content(item);
        if (content != content_array)
            fail(
                "Mixing Content and Parts is not supported, please group the parts into a the "
                "appropriate Content objects and specify the roles for them");
        if (content) {
            result.push_back(item);
        } else if (is_function_part(item)) {
            fail(
                "To specify functionCall or functionResponse parts, please wrap them, and any "
                "other parts, in Content objects as appropriate, specifying the role for them");
        } else {
            accumulated_parts.push_back(item);
        }
    }
    if (!content_array) result.push_back(user_content(to_parts(accumulated_parts)));
    return result;
}

OrderedJson contents_to_wire(const OrderedJson& contents, bool vertexai) {
    OrderedJson wire = OrderedJson::array({});
    for (const OrderedJson& content : to_contents(contents))
        wire.push_back(content_to_wire(content, vertexai));
    return wire;
}

OrderedJson tool_to_wire(const OrderedJson& tool, bool vertexai) {
    OrderedJson out = OrderedJson::object({});
    copy_present(tool, out, "functionDeclarations");
    if (vertexai) {
        copy_present(tool, out, "retrieval");
    } else if (defined(tool, "retrieval")) {
        fail("retrieval parameter is not supported in Gemini API.");
    }
    if (const OrderedJson* search = present(tool, "googleSearch")) {
        OrderedJson converted = OrderedJson::object({});
        copy_present(*search, converted, "timeRangeFilter");
        out.set("googleSearch", std::move(converted));
    }
    copy_present(tool, out, "googleSearchRetrieval");
    if (vertexai) {
        copy_present(tool, out, "enterpriseWebSearch");
        copy_present(tool, out, "googleMaps");
        if (defined(tool, "urlContext"))
            fail("urlContext parameter is not supported in Vertex AI.");
    } else {
        if (defined(tool, "enterpriseWebSearch"))
            fail("enterpriseWebSearch parameter is not supported in Gemini API.");
        if (defined(tool, "googleMaps"))
            fail("googleMaps parameter is not supported in Gemini API.");
        if (present(tool, "urlContext") != nullptr) out.set("urlContext", OrderedJson::object({}));
    }
    copy_present(tool, out, "codeExecution");
    return out;
}

}  // namespace

std::string genai_model_resource(std::string_view model, bool vertexai) {
    if (model.empty()) fail("model is required and must be a string");
    const std::string id(model);
    if (vertexai) {
        if (model.starts_with("publishers/") || model.starts_with("projects/") ||
            model.starts_with("models/"))
            return id;
        if (const std::size_t slash = model.find('/'); slash != std::string_view::npos) {
            // model.split("/", 2)
            const std::string_view rest = model.substr(slash + 1);
            return "publishers/" + id.substr(0, slash) + "/models/" +
                   std::string(rest.substr(0, rest.find('/')));
        }
        return "publishers/google/models/" + id;
    }
    if (model.starts_with("models/") || model.starts_with("tunedModels/")) return id;
    return "models/" + id;
}

OrderedJson generate_content_body(const OrderedJson& contents, const GenerateContentConfig& config,
                                  bool vertexai) {
    OrderedJson body = OrderedJson::object({});
    body.set("contents", contents_to_wire(contents, vertexai));
    // generateContentConfigTo…: systemInstruction and tools go to the request itself.
    if (config.system_instruction) {
        body.set(
            "systemInstruction",
            content_to_wire(to_content(OrderedJson::string(*config.system_instruction)), vertexai));
    }
    OrderedJson generation_config = OrderedJson::object({});
    if (config.temperature)
        generation_config.set("temperature", OrderedJson::number(*config.temperature));
    if (config.max_output_tokens)
        generation_config.set("maxOutputTokens", OrderedJson::number(*config.max_output_tokens));
    if (!config.tools.is_null()) {
        if (!config.tools.is_array()) fail("tools is required and must be an array of Tools");
        OrderedJson tools = OrderedJson::array({});
        for (const OrderedJson& tool : config.tools.items())
            tools.push_back(tool_to_wire(tool, vertexai));
        body.set("tools", std::move(tools));
    }
    if (!config.thinking_config.is_null()) {
        OrderedJson thinking = OrderedJson::object({});
        copy_present(config.thinking_config, thinking, "includeThoughts");
        copy_present(config.thinking_config, thinking, "thinkingBudget");
        generation_config.set("thinkingConfig", std::move(thinking));
    }
    body.set("generationConfig", std::move(generation_config));
    return body;
}

OrderedJson count_tokens_body(const OrderedJson& contents, bool vertexai) {
    OrderedJson body = OrderedJson::object({});
    body.set("contents", contents_to_wire(contents, vertexai));
    return body;
}

}  // namespace lapce_ai::providers
