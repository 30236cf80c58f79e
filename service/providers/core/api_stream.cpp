#include "api_stream.h"

namespace lapce_ai::providers {

using json::OrderedJson;

ApiStreamChunk ApiStreamChunk::text_chunk(std::string text) {
    ApiStreamChunk chunk;
    chunk.type = Type::Text;
    chunk.text = std::move(text);
    return chunk;
}

ApiStreamChunk ApiStreamChunk::reasoning_chunk(std::string text) {
    ApiStreamChunk chunk;
    chunk.type = Type::Reasoning;
    chunk.text = std::move(text);
    return chunk;
}

ApiStreamChunk ApiStreamChunk::usage_chunk(ApiStreamUsage usage) {
    ApiStreamChunk chunk;
    chunk.type = Type::Usage;
    chunk.usage = usage;
    return chunk;
}

ApiStreamChunk ApiStreamChunk::grounding_chunk(std::vector<GroundingSource> sources) {
    ApiStreamChunk chunk;
    chunk.type = Type::Grounding;
    chunk.sources = std::move(sources);
    return chunk;
}

namespace {

void set_if(OrderedJson& object, const char* key, const std::optional<double>& value) {
    if (value) object.set(key, OrderedJson::number(*value));
}

OrderedJson usage_json(const ApiStreamUsage& usage) {
    OrderedJson object = OrderedJson::object({});
    object.set("type", OrderedJson::string("usage"));
    object.set("inputTokens", OrderedJson::number(usage.input_tokens));
    object.set("outputTokens", OrderedJson::number(usage.output_tokens));
    set_if(object, "cacheWriteTokens", usage.cache_write_tokens);
    set_if(object, "cacheReadTokens", usage.cache_read_tokens);
    set_if(object, "reasoningTokens", usage.reasoning_tokens);
    set_if(object, "totalCost", usage.total_cost);
    return object;
}

OrderedJson grounding_json(const std::vector<GroundingSource>& sources) {
    OrderedJson list = OrderedJson::array({});
    for (const GroundingSource& source : sources) {
        OrderedJson item = OrderedJson::object({});
        item.set("title", OrderedJson::string(source.title));
        item.set("url", OrderedJson::string(source.url));
        if (source.snippet) item.set("snippet", OrderedJson::string(*source.snippet));
        list.push_back(std::move(item));
    }
    OrderedJson object = OrderedJson::object({});
    object.set("type", OrderedJson::string("grounding"));
    object.set("sources", std::move(list));
    return object;
}

}  // namespace

OrderedJson to_json(const ApiStreamChunk& chunk) {
    switch (chunk.type) {
        case ApiStreamChunk::Type::Usage:
            return usage_json(chunk.usage);
        case ApiStreamChunk::Type::Grounding:
            return grounding_json(chunk.sources);
        case ApiStreamChunk::Type::Text:
        case ApiStreamChunk::Type::Reasoning:
            break;
    }
    OrderedJson object = OrderedJson::object({});
    object.set("type", OrderedJson::string(chunk.type == ApiStreamChunk::Type::Text ? "text"
                                                                                    : "reasoning"));
    object.set("text", OrderedJson::string(chunk.text));
    return object;
}

}  // namespace lapce_ai::providers
