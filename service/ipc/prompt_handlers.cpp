#include "prompt_handlers.h"

#include <exception>
#include <stdexcept>

#include <QJsonDocument>
#include <QJsonObject>

#include "environment/environment_details.h"
#include "environment/environment_details_proto.h"
#include "parse_request.h"
#include "prompt_environment.h"
#include "responses/format_response_call.h"
#include "system/system_prompt.h"
#include "system/system_prompt_proto.h"

namespace lapce_ai::ipc {
namespace {

// The profile a request asks for, else the service's; nullptr (and an error sent) when unknown.
const prompts::IdentityProfile* requested_profile(const std::string& requested,
                                                  const PromptServiceConfig& config,
                                                  RequestContext& context) {
    const std::string& id = requested.empty() ? config.default_profile : requested;
    const prompts::IdentityProfile* profile = prompts::find_identity_profile(id);
    if (!profile) {
        context.sink.send_error(proto::INVALID_ARGUMENT, "unknown identity profile '" + id + "'",
                                context.request_id);
    }
    return profile;
}

// Prompt building reads files and may meet a defect; the session gets a typed error, the
// service keeps running.
template <typename Build>
void reply_or_error(RequestContext& context, Build&& build) {
    try {
        build();
    } catch (const std::invalid_argument& error) {
        context.sink.send_error(proto::INVALID_ARGUMENT, error.what(), context.request_id);
    } catch (const std::exception& error) {
        context.sink.send_error(proto::INTERNAL, error.what(), context.request_id);
    }
}

void handle_build_system_prompt(RequestContext& context, const PromptServiceConfig& config) {
    proto::BuildSystemPromptRequest request;
    if (!parse_request(request, context, "BuildSystemPromptRequest")) return;
    const prompts::IdentityProfile* profile = requested_profile(request.profile(), config, context);
    if (!profile) return;
    reply_or_error(context, [&] {
        const auto environment = prompts::current_prompt_environment(*profile);
        auto text =
            prompts::system_prompt(prompts::system_prompt_input_from_proto(request), environment);
        if (!text) {
            context.sink.send_error(proto::FILE_ACCESS,
                                    text.error().path + ": " + text.error().message,
                                    context.request_id);
            return;
        }
        proto::SystemPromptReply reply;
        reply.set_text(std::move(*text));
        context.sink.send(proto::SYSTEM_PROMPT_REPLY, proto::FLAG_END_OF_STREAM, context.request_id,
                          reply);
    });
}

void handle_format_response(RequestContext& context) {
    proto::FormatResponseRequest request;
    if (!parse_request(request, context, "FormatResponseRequest")) return;
    QJsonParseError parse_error{};
    const QJsonDocument args = QJsonDocument::fromJson(
        QByteArray::fromRawData(request.args_json().data(), qsizetype(request.args_json().size())),
        &parse_error);
    if (!request.args_json().empty() && !args.isObject()) {
        context.sink.send_error(
            proto::INVALID_ARGUMENT,
            "args_json must be a JSON object: " + parse_error.errorString().toStdString(),
            context.request_id);
        return;
    }
    reply_or_error(context, [&] {
        auto result = prompts::call_format_response(request.name(), args.object());
        if (!result) {
            context.sink.send_error(proto::INVALID_ARGUMENT, result.error(), context.request_id);
            return;
        }
        proto::FormatResponseReply reply;
        reply.set_text(std::move(result->text));
        if (result->content_json) reply.set_content_json(std::move(*result->content_json));
        context.sink.send(proto::FORMAT_RESPONSE_REPLY, proto::FLAG_END_OF_STREAM,
                          context.request_id, reply);
    });
}

void handle_get_environment_details(RequestContext& context, const PromptServiceConfig& config) {
    proto::GetEnvironmentDetailsRequest request;
    if (!parse_request(request, context, "GetEnvironmentDetailsRequest")) return;
    const prompts::IdentityProfile* profile = requested_profile(request.profile(), config, context);
    if (!profile) return;
    reply_or_error(context, [&] {
        const auto environment = prompts::current_prompt_environment(*profile);
        auto details = prompts::environment_details_request_from_proto(request, environment);
        if (!details) {
            context.sink.send_error(proto::INVALID_ARGUMENT, details.error(), context.request_id);
            return;
        }
        auto text = prompts::get_environment_details(details->input, details->include_file_details,
                                                     environment);
        if (!text) {
            context.sink.send_error(proto::FILE_ACCESS,
                                    text.error().path + ": " + text.error().message,
                                    context.request_id);
            return;
        }
        proto::EnvironmentDetailsReply reply;
        reply.set_text(std::move(*text));
        context.sink.send(proto::ENVIRONMENT_DETAILS_REPLY, proto::FLAG_END_OF_STREAM,
                          context.request_id, reply);
    });
}

}  // namespace

void register_prompt_handlers(HandlerRegistry& registry, const PromptServiceConfig& config) {
    registry.add(
        proto::BUILD_SYSTEM_PROMPT_REQUEST, Execution::Pool,
        [config](RequestContext& context) { handle_build_system_prompt(context, config); });
    registry.add(proto::FORMAT_RESPONSE_REQUEST, Execution::Pool, handle_format_response);
    registry.add(
        proto::GET_ENVIRONMENT_DETAILS_REQUEST, Execution::Pool,
        [config](RequestContext& context) { handle_get_environment_details(context, config); });
}

}  // namespace lapce_ai::ipc
