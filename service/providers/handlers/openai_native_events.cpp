#include "openai_native_events.h"

#include <vector>

#include "fetch_errors.h"
#include "js_json_parse.h"
#include "js_whitespace.h"
#include "json_access.h"
#include "line_splitter.h"
#include "provider_error.h"

namespace lapce_ai::providers {

using json::OrderedJson;

namespace {

bool is_one_of(const std::optional<std::string>& type,
               std::initializer_list<std::string_view> names) {
    if (!type) return false;
    for (const std::string_view name : names) {
        if (*type == name) return true;
    }
    return false;
}

std::string text_of(const OrderedJson* value) {
    return value == nullptr ? std::string("undefined") : json::js_to_string(*value);
}

// String.prototype.trim()
std::string_view js_trim(std::string_view text) {
    while (const std::size_t length = js_whitespace_length(text)) text.remove_prefix(length);
    std::size_t end = 0;
    for (std::size_t i = 0; i < text.size();) {
        if (const std::size_t length = js_whitespace_length(text.substr(i))) {
            i += length;
        } else {
            end = ++i;
        }
    }
    return text.substr(0, end);
}

// The event types processEvent handles; the raw reader hands these to it.
constexpr std::string_view kCoreHandledEventTypes[] = {
    "response.text.delta",
    "response.output_text.delta",
    "response.reasoning.delta",
    "response.reasoning_text.delta",
    "response.reasoning_summary.delta",
    "response.reasoning_summary_text.delta",
    "response.refusal.delta",
    "response.output_item.added",
    "response.done",
    "response.completed",
};

// Event types the raw reader recognises and deliberately ignores, which keeps them away from the
// fallbacks at the end of its chain (status, tool, audio, annotation and `.done` events).
constexpr std::string_view kQuietEventTypes[] = {
    "response.text.done",
    "response.output_text.done",
    "response.reasoning.done",
    "response.reasoning_text.done",
    "response.reasoning_summary.done",
    "response.reasoning_summary_text.done",
    "response.refusal.done",
    "response.audio.delta",
    "response.audio.done",
    "response.audio_transcript.done",
    "response.content_part.done",
    "response.output_item.done",
    "response.function_call_arguments.delta",
    "response.function_call_arguments.done",
    "response.mcp_call_arguments.delta",
    "response.mcp_call_arguments.done",
    "response.mcp_call.in_progress",
    "response.mcp_call.completed",
    "response.mcp_call.failed",
    "response.mcp_list_tools.in_progress",
    "response.mcp_list_tools.completed",
    "response.mcp_list_tools.failed",
    "response.web_search_call.searching",
    "response.web_search_call.in_progress",
    "response.web_search_call.completed",
    "response.code_interpreter_call_code.delta",
    "response.code_interpreter_call_code.done",
    "response.code_interpreter_call.interpreting",
    "response.code_interpreter_call.in_progress",
    "response.code_interpreter_call.completed",
    "response.file_search_call.searching",
    "response.file_search_call.in_progress",
    "response.file_search_call.completed",
    "response.image_gen_call.generating",
    "response.image_gen_call.in_progress",
    "response.image_gen_call.partial_image",
    "response.image_gen_call.completed",
    "response.computer_tool_call.output_item",
    "response.computer_tool_call.output_screenshot",
    "response.output_text_annotation.added",
    "response.text_annotation.added",
    "response.incomplete",
    "response.queued",
    "response.in_progress",
    "response.created",
};

bool contains(const auto& names, const std::optional<std::string>& type) {
    if (!type) return false;
    for (const std::string_view name : names) {
        if (*type == name) return true;
    }
    return false;
}

void emit_text(ChunkSink& sink, const OrderedJson* value) {
    sink.on_chunk(ApiStreamChunk::text_chunk(text_of(value)));
}

void emit_usage(const OrderedJson* usage, const ApiModel& model, ResponsesEventHost& host,
                ChunkSink& sink) {
    if (std::optional<ApiStreamUsage> usage_data = host.normalize_usage(usage, model))
        sink.on_chunk(ApiStreamChunk::usage_chunk(*usage_data));
}

// `parsed.error?.message || parsed.message || fallback`
std::string error_text(const OrderedJson& parsed, const char* fallback) {
    if (const OrderedJson* message = js_get(js_get(&parsed, "error"), "message");
        js_truthy(message))
        return json::js_to_string(*message);
    if (const OrderedJson* message = js_get(&parsed, "message"); js_truthy(message))
        return json::js_to_string(*message);
    return fallback;
}

// One `data: ` event of the raw stream, after the core types went to processEvent. The `.delta`
// and completion branches of the reference's chain that follow are shadowed by that set.
void handle_other_event(const OrderedJson& parsed, const ApiModel& model, ResponsesEventHost& host,
                        ChunkSink& sink) {
    const std::optional<std::string> type = js_string(js_get(&parsed, "type"));
    const OrderedJson* response = js_get(&parsed, "response");
    const OrderedJson* output = js_get(response, "output");
    if (js_truthy(response) && js_truthy(output) && output->is_array()) {
        // A complete (non-streaming) response in one event.
        for (const OrderedJson& output_item : output->items()) {
            const std::optional<std::string> item_type = js_string(js_get(&output_item, "type"));
            const OrderedJson* content = js_get(&output_item, "content");
            if (item_type == "text" && js_truthy(content) && content->is_array()) {
                for (const OrderedJson& part : content->items()) {
                    if (js_string(js_get(&part, "type")) == "text" &&
                        js_truthy(js_get(&part, "text")))
                        emit_text(sink, js_get(&part, "text"));
                }
            }
            const OrderedJson* summary = js_get(&output_item, "summary");
            if (item_type == "reasoning" && summary != nullptr && summary->is_array()) {
                for (const OrderedJson& entry : summary->items()) {
                    if (js_string(js_get(&entry, "type")) == "summary_text") {
                        if (std::optional<std::string> text = js_string(js_get(&entry, "text")))
                            sink.on_chunk(ApiStreamChunk::reasoning_chunk(std::move(*text)));
                    }
                }
            }
        }
        if (const OrderedJson* usage = js_get(response, "usage"); js_truthy(usage))
            emit_usage(usage, model, host, sink);
    } else if (type == "response.audio_transcript.delta") {
        if (js_truthy(js_get(&parsed, "delta"))) emit_text(sink, js_get(&parsed, "delta"));
    } else if (type == "response.content_part.added") {
        const OrderedJson* part = js_get(&parsed, "part");
        if (js_string(js_get(part, "type")) == "text" && js_truthy(js_get(part, "text")))
            emit_text(sink, js_get(part, "text"));
    } else if (is_one_of(type, {"response.error", "error"})) {
        if (js_truthy(js_get(&parsed, "error")) || js_truthy(js_get(&parsed, "message")))
            throw ProviderError("Error",
                                "Responses API error: " + error_text(parsed, "Unknown error"));
    } else if (type == "response.failed") {
        if (js_truthy(js_get(&parsed, "error")) || js_truthy(js_get(&parsed, "message")))
            throw ProviderError("Error",
                                "Response failed: " + error_text(parsed, "Unknown failure"));
    } else if (contains(kQuietEventTypes, type)) {
        // Nothing to surface.
    } else if (const OrderedJson* content =
                   js_get(js_get(js_at(js_get(&parsed, "choices"), 0), "delta"), "content");
               js_truthy(content)) {
        emit_text(sink, content);
    } else if (const OrderedJson* item = js_get(&parsed, "item");
               js_truthy(item) && js_string(js_get(item, "text")).value_or("").size() > 0) {
        emit_text(sink, js_get(item, "text"));
    } else if (const OrderedJson* usage = js_get(&parsed, "usage"); js_truthy(usage)) {
        emit_usage(usage, model, host, sink);
    }
}

void handle_stream_line(std::string_view line, const ApiModel& model, ResponsesEventHost& host,
                        ChunkSink& sink) {
    if (line.starts_with("data: ")) {
        const std::string_view data = js_trim(line.substr(6));
        if (data == "[DONE]") return;
        auto parsed = json::js_json_parse(data);
        if (!parsed) return;  // only JSON syntax errors are ignored
        if (parsed->is_null())
            throw ProviderError("TypeError", "Cannot read properties of null (reading 'response')");
        const OrderedJson* response = js_get(&*parsed, "response");
        if (const OrderedJson* id = js_get(response, "id"); js_truthy(id))
            host.resolve_response_id(json::js_to_string(*id));
        if (const OrderedJson* tier = js_get(response, "service_tier"); js_truthy(tier))
            host.set_last_service_tier(json::js_to_string(*tier));
        if (contains(kCoreHandledEventTypes, js_string(js_get(&*parsed, "type")))) {
            process_event(*parsed, model, host, sink);
            return;
        }
        handle_other_event(*parsed, model, host, sink);
        return;
    }
    // Also try lines that are not server-sent events as bare JSON.
    if (!js_trim(line).empty() && !line.starts_with(":")) {
        auto parsed = json::js_json_parse(line);
        if (!parsed || parsed->is_null()) return;  // not JSON (or `null.content` throws): ignored
        for (const char* key : {"content", "text", "message"}) {
            if (const OrderedJson* value = js_get(&*parsed, key); js_truthy(value)) {
                emit_text(sink, value);
                return;
            }
        }
    }
}

}  // namespace

void process_event(const OrderedJson& event, const ApiModel& model, ResponsesEventHost& host,
                   ChunkSink& sink) {
    const OrderedJson* response = js_get(&event, "response");
    if (const OrderedJson* id = js_get(response, "id"); js_truthy(id))
        host.resolve_response_id(json::js_to_string(*id));
    if (const OrderedJson* tier = js_get(response, "service_tier"); js_truthy(tier))
        host.set_last_service_tier(json::js_to_string(*tier));

    const std::optional<std::string> type = js_string(js_get(&event, "type"));
    const OrderedJson* delta = js_get(&event, "delta");
    if (is_one_of(type, {"response.text.delta", "response.output_text.delta"})) {
        if (js_truthy(delta)) emit_text(sink, delta);
        return;
    }
    if (is_one_of(type,
                  {"response.reasoning.delta", "response.reasoning_text.delta",
                   "response.reasoning_summary.delta", "response.reasoning_summary_text.delta"})) {
        if (js_truthy(delta)) sink.on_chunk(ApiStreamChunk::reasoning_chunk(text_of(delta)));
        return;
    }
    if (type == "response.refusal.delta") {
        if (js_truthy(delta))
            sink.on_chunk(ApiStreamChunk::text_chunk("[Refusal] " + text_of(delta)));
        return;
    }
    if (type == "response.output_item.added") {
        const OrderedJson* item = js_get(&event, "item");
        if (js_truthy(item)) {
            const std::optional<std::string> item_type = js_string(js_get(item, "type"));
            const OrderedJson* text = js_get(item, "text");
            const OrderedJson* content = js_get(item, "content");
            if (item_type == "text" && js_truthy(text)) {
                emit_text(sink, text);
            } else if (item_type == "reasoning" && js_truthy(text)) {
                sink.on_chunk(ApiStreamChunk::reasoning_chunk(text_of(text)));
            } else if (item_type == "message" && content != nullptr && content->is_array()) {
                for (const OrderedJson& part : content->items()) {
                    // Some implementations send 'text'; others send 'output_text'.
                    const std::optional<std::string> part_type = js_string(js_get(&part, "type"));
                    if ((part_type == "text" || part_type == "output_text") &&
                        js_truthy(js_get(&part, "text")))
                        emit_text(sink, js_get(&part, "text"));
                }
            }
        }
        return;
    }
    if (is_one_of(type, {"response.done", "response.completed"})) {
        // `event?.response?.usage || event?.usage || undefined`
        const OrderedJson* usage = js_get(response, "usage");
        if (!js_truthy(usage)) usage = js_get(&event, "usage");
        emit_usage(js_truthy(usage) ? usage : nullptr, model, host, sink);
        return;
    }
    if (const OrderedJson* content =
            js_get(js_get(js_at(js_get(&event, "choices"), 0), "delta"), "content");
        js_truthy(content)) {
        emit_text(sink, content);
        return;
    }
    if (const OrderedJson* usage = js_get(&event, "usage"); js_truthy(usage))
        emit_usage(usage, model, host, sink);
}

Task<void> handle_stream_response(HttpResponse& body, const ApiModel& model,
                                  ResponsesEventHost& host, ChunkSink& sink) {
    LineSplitter splitter;
    std::optional<std::string> failure;
    for (;;) {
        std::optional<QByteArray> bytes;
        try {
            bytes = co_await body.read_some();
        } catch (const TransportError& error) {
            failure = undici_fetch_error(error).message();
        }
        if (failure || !bytes) break;
        std::vector<std::string> lines;
        const auto fed = splitter.feed(
            std::string_view(bytes->constData(), static_cast<std::size_t>(bytes->size())),
            [&lines](std::string_view line) { lines.emplace_back(line); });
        try {
            for (const std::string& line : lines) handle_stream_line(line, model, host, sink);
        } catch (const ProviderError& error) {
            failure = error.message();
        }
        if (!failure && !fed) failure = fed.error().message();
        if (failure) break;
    }
    if (failure) {
        body.abort();
        throw ProviderError("Error", "Error processing response stream: " + *failure);
    }
}

}  // namespace lapce_ai::providers
