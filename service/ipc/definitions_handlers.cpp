#include "definitions_handlers.h"

#include <QDir>
#include <QFileInfo>

#include <chrono>
#include <exception>
#include <memory>
#include <vector>

#include "definitions.h"
#include "memory_probe.h"
#include "parse_request.h"
#include "roo_ignore_controller.h"

namespace lapce_ai::ipc {
namespace {

constexpr std::chrono::milliseconds kLongRequest{200};

// The reference's tools always pass absolute paths; a relative one has no meaning in the
// service, whose working directory is not the client's.
bool require_absolute(const std::string& path, const char* field, RequestContext& context) {
    if (!path.empty() && QDir::isAbsolutePath(QString::fromStdString(path))) return true;
    context.sink.send_error(proto::INVALID_ARGUMENT,
                            std::string(field) + " must be an absolute path, got '" + path + "'",
                            context.request_id);
    return false;
}

void send_reply(RequestContext& context, proto::CodeDefinitionsReply& reply) {
    context.sink.send(proto::CODE_DEFINITIONS_REPLY, proto::FLAG_END_OF_STREAM, context.request_id,
                      reply);
}

// A definitions error: what the reference throws is a result; a stopped parse is the
// service's own typed error.
void send_failure(RequestContext& context, const treesitter::DefinitionError& error,
                  bool is_directory) {
    if (error.kind == treesitter::DefinitionError::Kind::Stopped) {
        context.sink.send_error(context.cancelled.load() ? proto::CANCELLED : proto::PARSE_STOPPED,
                                error.message, context.request_id);
        return;
    }
    proto::CodeDefinitionsReply reply;
    reply.set_result(proto::CodeDefinitionsReply::RESULT_ERROR);
    reply.set_text(error.message);
    reply.set_is_directory(is_directory);
    send_reply(context, reply);
}

void handle_list_code_definitions(RequestContext& context, treesitter::DefinitionsEngine& engine) {
    proto::ListCodeDefinitionsRequest request;
    if (!parse_request(request, context, "ListCodeDefinitionsRequest")) return;
    if (!require_absolute(request.path(), "path", context)) return;
    if (request.has_cwd() && !require_absolute(request.cwd(), "cwd", context)) return;

    try {
        std::unique_ptr<ignore::RooIgnoreController> controller;
        if (request.has_cwd()) {
            controller = std::make_unique<ignore::RooIgnoreController>(request.cwd());
            controller->initialize();
        }
        const auto started = std::chrono::steady_clock::now();
        // The reference's tool picks the function by what the path is.
        const bool is_directory = QFileInfo(QString::fromStdString(request.path())).isDir();
        proto::CodeDefinitionsReply reply;
        reply.set_is_directory(is_directory);
        if (is_directory) {
            auto text = treesitter::parse_source_code_for_definitions_top_level(
                engine, request.path(), controller.get(), &context.cancelled);
            if (!text) return send_failure(context, text.error(), true);
            reply.set_result(proto::CodeDefinitionsReply::RESULT_STRING);
            reply.set_text(std::move(*text));
        } else {
            auto text = treesitter::parse_source_code_definitions_for_file(
                engine, request.path(), controller.get(), &context.cancelled);
            if (!text) return send_failure(context, text.error(), false);
            if (*text) {
                reply.set_result(proto::CodeDefinitionsReply::RESULT_STRING);
                reply.set_text(std::move(**text));
            } else {
                reply.set_result(proto::CodeDefinitionsReply::RESULT_UNDEFINED);
            }
        }
        send_reply(context, reply);
        // Long requests (a query compiled, a huge file parsed) leave megabytes of freed heap
        // behind; a millisecond gives it back.
        if (std::chrono::steady_clock::now() - started > kLongRequest) release_free_heap_memory();
    } catch (const std::exception& error) {
        context.sink.send_error(proto::INTERNAL, error.what(), context.request_id);
    }
}

void handle_did_change(RequestContext& context, treesitter::DefinitionsEngine& engine) {
    proto::DidChange request;
    if (!parse_request(request, context, "DidChange")) return;
    if (!require_absolute(request.path(), "path", context)) return;
    std::vector<treesitter::TextEdit> edits;
    edits.reserve(static_cast<std::size_t>(request.edits_size()));
    for (const proto::TextEdit& edit : request.edits()) {
        edits.push_back({{edit.start().line(), edit.start().character()},
                         {edit.end().line(), edit.end().character()},
                         edit.new_text()});
    }
    if (auto applied = treesitter::did_change(engine, request.path(), edits); !applied) {
        context.sink.send_error(proto::INVALID_ARGUMENT, applied.error(), context.request_id);
        return;
    }
    proto::DocumentAck ack;
    ack.set_was_open(true);
    context.sink.send(proto::DOCUMENT_ACK, proto::FLAG_END_OF_STREAM, context.request_id, ack);
}

void handle_did_close(RequestContext& context, treesitter::DefinitionsEngine& engine) {
    proto::DidClose request;
    if (!parse_request(request, context, "DidClose")) return;
    proto::DocumentAck ack;
    ack.set_was_open(treesitter::did_close(engine, request.path()));
    context.sink.send(proto::DOCUMENT_ACK, proto::FLAG_END_OF_STREAM, context.request_id, ack);
}

}  // namespace

void fill_tree_cache_metrics(const treesitter::TreeCache::Stats& stats,
                             proto::TreeCacheMetrics& metrics) {
    metrics.set_entries(stats.entries);
    metrics.set_bytes(stats.bytes);
    metrics.set_hits(stats.hits);
    metrics.set_misses(stats.misses);
    metrics.set_hit_rate(stats.hit_rate());
}

void register_definitions_handlers(HandlerRegistry& registry,
                                   treesitter::DefinitionsEngine& engine) {
    registry.add(
        proto::LIST_CODE_DEFINITIONS_REQUEST, Execution::Pool,
        [&engine](RequestContext& context) { handle_list_code_definitions(context, engine); });
    // Edits apply in the order the editor sent them: on the session's thread, without parsing.
    registry.add(proto::DID_CHANGE, Execution::Inline,
                 [&engine](RequestContext& context) { handle_did_change(context, engine); });
    registry.add(proto::DID_CLOSE, Execution::Inline,
                 [&engine](RequestContext& context) { handle_did_close(context, engine); });
}

}  // namespace lapce_ai::ipc
