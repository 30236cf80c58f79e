#include "provider_handlers.h"

#include <string>

#include "ordered_json.h"
#include "parse_request.h"
#include "provider_error.h"
#include "transport_error.h"

namespace lapce_ai::ipc {
namespace {

using json::OrderedJson;
using providers::ApiHandler;
using providers::ApiStreamChunk;
using providers::ProviderWorker;
using providers::Task;

void fill_chunk(proto::ApiStreamChunk& out, const ApiStreamChunk& chunk) {
    switch (chunk.type) {
        case ApiStreamChunk::Type::Text:
            out.set_text(chunk.text);
            break;
        case ApiStreamChunk::Type::Reasoning:
            out.set_reasoning(chunk.text);
            break;
        case ApiStreamChunk::Type::Usage: {
            proto::UsageChunk& usage = *out.mutable_usage();
            usage.set_input_tokens(chunk.usage.input_tokens);
            usage.set_output_tokens(chunk.usage.output_tokens);
            if (chunk.usage.cache_write_tokens)
                usage.set_cache_write_tokens(*chunk.usage.cache_write_tokens);
            if (chunk.usage.cache_read_tokens)
                usage.set_cache_read_tokens(*chunk.usage.cache_read_tokens);
            if (chunk.usage.reasoning_tokens)
                usage.set_reasoning_tokens(*chunk.usage.reasoning_tokens);
            if (chunk.usage.total_cost) usage.set_total_cost(*chunk.usage.total_cost);
            break;
        }
        case ApiStreamChunk::Type::Grounding: {
            proto::GroundingChunk& grounding = *out.mutable_grounding();
            for (const providers::GroundingSource& source : chunk.sources) {
                proto::GroundingSource& item = *grounding.add_sources();
                item.set_title(source.title);
                item.set_url(source.url);
                if (source.snippet) item.set_snippet(*source.snippet);
            }
            break;
        }
    }
}

// Streams each chunk as it comes, straight from the worker thread (the sink is thread-safe).
class IpcChunkSink : public providers::ChunkSink {
  public:
    explicit IpcChunkSink(RequestContext& context) : context_(context) {}
    void on_chunk(ApiStreamChunk chunk) override {
        message_.Clear();
        fill_chunk(message_, chunk);
        context_.sink.send(proto::API_STREAM_CHUNK, proto::FLAG_STREAM_CHUNK, context_.request_id,
                           message_);
    }

  private:
    RequestContext& context_;
    proto::ApiStreamChunk message_;
};

// Reports how a call ended other than normally: cancelled, or the reference's error.
bool report_failure(RequestContext& context, const ProviderWorker::Outcome& outcome) {
    if (outcome.cancelled) {
        context.sink.send_error(proto::CANCELLED, "cancelled", context.request_id);
        return true;
    }
    if (!outcome.error) return false;
    proto::Error error;
    error.set_request_id(context.request_id);
    try {
        std::rethrow_exception(outcome.error);
    } catch (const providers::ProviderError& thrown) {
        error.set_code(proto::PROVIDER_ERROR);
        error.set_message(thrown.message());
        error.set_details_json(json::json_stringify(thrown.to_json()));
    } catch (const providers::TransportError& thrown) {
        error.set_code(proto::UNAVAILABLE);
        error.set_message(thrown.detail());
    } catch (const std::exception& thrown) {
        error.set_code(proto::INTERNAL);
        error.set_message(thrown.what());
    }
    context.sink.send(proto::ERROR, proto::FLAG_END_OF_STREAM, context.request_id, error);
    return true;
}

// A JSON field of a request, or INVALID_ARGUMENT.
std::optional<OrderedJson> parse_json_field(RequestContext& context, const std::string& text,
                                            const char* field, bool must_be_array) {
    auto parsed = json::parse_ordered_json(text);
    if (!parsed || (must_be_array && !parsed->is_array())) {
        context.sink.send_error(proto::INVALID_ARGUMENT,
                                std::string(field) + (parsed ? " must be a JSON array"
                                                             : " is not JSON: " + parsed.error()),
                                context.request_id);
        return std::nullopt;
    }
    return std::move(*parsed);
}

void handle_create_message(RequestContext& context, ProviderWorker& worker) {
    proto::CreateMessageRequest request;
    if (!parse_request(request, context, "CreateMessageRequest")) return;
    std::optional<OrderedJson> messages =
        parse_json_field(context, request.messages_json(), "messages_json", true);
    if (!messages) return;
    providers::ApiHandlerCreateMessageMetadata metadata;
    const proto::CreateMessageMetadata& meta = request.metadata();
    if (meta.has_mode()) metadata.mode = meta.mode();
    metadata.task_id = meta.task_id();
    if (meta.has_previous_response_id())
        metadata.previous_response_id = meta.previous_response_id();
    if (meta.has_suppress_previous_response_id())
        metadata.suppress_previous_response_id = meta.suppress_previous_response_id();
    if (meta.has_store()) metadata.store = meta.store();

    auto sink = std::make_shared<IpcChunkSink>(context);
    const ProviderWorker::Outcome outcome = worker.run(
        request.target().provider(), request.target().settings_json(), meta.task_id(),
        [&, sink](ApiHandler& handler) -> Task<void> {
            return handler.create_message(request.system_prompt(), std::move(*messages), metadata,
                                          *sink);
        },
        context.cancellation);
    if (report_failure(context, outcome)) return;
    proto::ApiStreamChunk end;
    context.sink.send(proto::API_STREAM_CHUNK, proto::FLAG_END_OF_STREAM, context.request_id, end);
}

void handle_complete_prompt(RequestContext& context, ProviderWorker& worker) {
    proto::CompletePromptRequest request;
    if (!parse_request(request, context, "CompletePromptRequest")) return;
    auto text = std::make_shared<std::string>();
    const ProviderWorker::Outcome outcome = worker.run(
        request.target().provider(), request.target().settings_json(), std::string(),
        [&, text](ApiHandler& handler) -> Task<void> {
            return [](ApiHandler& h, std::string prompt,
                      std::shared_ptr<std::string> out) -> Task<void> {
                *out = co_await h.complete_prompt(std::move(prompt));
            }(handler, request.prompt(), text);
        },
        context.cancellation);
    if (report_failure(context, outcome)) return;
    proto::CompletePromptReply reply;
    reply.set_text(*text);
    context.sink.send(proto::COMPLETE_PROMPT_REPLY, proto::FLAG_END_OF_STREAM, context.request_id,
                      reply);
}

void handle_count_tokens(RequestContext& context, ProviderWorker& worker) {
    proto::CountTokensRequest request;
    if (!parse_request(request, context, "CountTokensRequest")) return;
    std::optional<OrderedJson> content =
        parse_json_field(context, request.content_json(), "content_json", true);
    if (!content) return;
    auto tokens = std::make_shared<double>(0);
    const ProviderWorker::Outcome outcome = worker.run(
        request.target().provider(), request.target().settings_json(), std::string(),
        [&, tokens](ApiHandler& handler) -> Task<void> {
            return
                [](ApiHandler& h, OrderedJson blocks, std::shared_ptr<double> out) -> Task<void> {
                    *out = co_await h.count_tokens(std::move(blocks));
                }(handler, std::move(*content), tokens);
        },
        context.cancellation);
    if (report_failure(context, outcome)) return;
    proto::CountTokensReply reply;
    reply.set_tokens(*tokens);
    context.sink.send(proto::COUNT_TOKENS_REPLY, proto::FLAG_END_OF_STREAM, context.request_id,
                      reply);
}

void handle_get_model(RequestContext& context, ProviderWorker& worker) {
    proto::GetModelRequest request;
    if (!parse_request(request, context, "GetModelRequest")) return;
    auto model = std::make_shared<std::string>();
    const ProviderWorker::Outcome outcome = worker.run(
        request.target().provider(), request.target().settings_json(), std::string(),
        [model](ApiHandler& handler) -> Task<void> {
            return [](ApiHandler& h, std::shared_ptr<std::string> out) -> Task<void> {
                *out = json::json_stringify(h.get_model().to_json());
                co_return;
            }(handler, model);
        },
        context.cancellation);
    if (report_failure(context, outcome)) return;
    proto::GetModelReply reply;
    reply.set_model_json(*model);
    context.sink.send(proto::GET_MODEL_REPLY, proto::FLAG_END_OF_STREAM, context.request_id, reply);
}

void handle_provider_metrics(RequestContext& context, ProviderWorker& worker) {
    proto::ProviderMetricsReply reply;
    fill_provider_host_metrics(worker, *reply.mutable_hosts());
    context.sink.send(proto::PROVIDER_METRICS_REPLY, proto::FLAG_END_OF_STREAM, context.request_id,
                      reply);
}

}  // namespace

void fill_provider_host_metrics(
    const ProviderWorker& worker,
    google::protobuf::RepeatedPtrField<proto::ProviderHostMetrics>& hosts) {
    // Clear() keeps the elements for reuse: the metrics snapshot is refilled on every request.
    hosts.Clear();
    for (const auto& [host, metrics] : worker.metrics()) {
        proto::ProviderHostMetrics& item = *hosts.Add();
        item.set_host(host);
        item.set_requests(metrics.requests);
        item.set_new_connections(metrics.new_connections);
        item.set_hit_rate(metrics.requests == 0
                              ? 0.0
                              : 1.0 - static_cast<double>(metrics.new_connections) /
                                          static_cast<double>(metrics.requests));
        proto::LatencySummary& acquisition = *item.mutable_acquisition();
        acquisition.set_count(metrics.acquisition.count);
        acquisition.set_p50_us(metrics.acquisition.p50_us);
        acquisition.set_p99_us(metrics.acquisition.p99_us);
        acquisition.set_p999_us(metrics.acquisition.p999_us);
        acquisition.set_max_us(metrics.acquisition.max_us);
        item.set_active_streams(metrics.active);
        item.set_transport_errors(metrics.transport_errors);
        auto& errors = *item.mutable_errors();
        errors.Clear();
        for (std::size_t kind = 0; kind < providers::kHttpErrorKinds; ++kind) {
            if (metrics.errors[kind] == 0) continue;
            proto::ErrorCount& count = *errors.Add();
            const std::string_view name =
                providers::http_error_kind_name(static_cast<providers::HttpErrorKind>(kind));
            count.set_kind(name.data(), name.size());
            count.set_count(metrics.errors[kind]);
        }
    }
}

void register_provider_handlers(HandlerRegistry& registry, ProviderWorker& worker) {
    registry.add(proto::CREATE_MESSAGE_REQUEST, Execution::Pool,
                 [&worker](RequestContext& context) { handle_create_message(context, worker); });
    registry.add(proto::COMPLETE_PROMPT_REQUEST, Execution::Pool,
                 [&worker](RequestContext& context) { handle_complete_prompt(context, worker); });
    registry.add(proto::COUNT_TOKENS_REQUEST, Execution::Pool,
                 [&worker](RequestContext& context) { handle_count_tokens(context, worker); });
    registry.add(proto::GET_MODEL_REQUEST, Execution::Pool,
                 [&worker](RequestContext& context) { handle_get_model(context, worker); });
    registry.add(proto::PROVIDER_METRICS_REQUEST, Execution::Inline,
                 [&worker](RequestContext& context) { handle_provider_metrics(context, worker); });
}

}  // namespace lapce_ai::ipc
