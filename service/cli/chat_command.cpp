#include <QFile>

#include <cstdio>
#include <optional>

#include "api_key_resolution.h"
#include "cli_options.h"
#include "ordered_json.h"
#include "provider_setting_names.h"

namespace lapce_ai::cli {
namespace {

using json::OrderedJson;

// The settings a `chat` call sends: the provider's model id and base URL from the options, and
// its key from the vendor's environment variable when one is set (else the service fills it in
// from its own environment or the system keychain).
Expected<std::string, std::string> chat_settings(const CliOptions& options) {
    OrderedJson settings = OrderedJson::object({});
    if (!options.settings_file.isEmpty()) {
        QFile file(options.settings_file);
        if (!file.open(QIODevice::ReadOnly))
            return unexpected("cannot read " + options.settings_file.toStdString());
        auto parsed = json::parse_ordered_json(file.readAll().toStdString());
        if (!parsed || !parsed->is_object())
            return unexpected(options.settings_file.toStdString() + " is not a JSON object");
        settings = std::move(*parsed);
    }
    const providers::ProviderSettingNames* names =
        providers::provider_setting_names(options.provider.toStdString());
    if (names == nullptr)
        return unexpected("unknown provider '" + options.provider.toStdString() + "'");
    if (!options.model.isEmpty()) {
        if (names->model_id.empty())
            return unexpected("the " + std::string(names->provider) +
                              " provider takes no model id");
        settings.set(std::string(names->model_id),
                     OrderedJson::string(options.model.toStdString()));
    }
    if (!options.base_url.isEmpty()) {
        if (names->base_url.empty())
            return unexpected("the " + std::string(names->provider) +
                              " provider has a fixed base URL");
        settings.set(std::string(names->base_url),
                     OrderedJson::string(options.base_url.toStdString()));
    }
    if (providers::lacks_api_key(*names, settings)) {
        if (std::optional<std::string> key = providers::api_key_from_environment(*names))
            settings.set(std::string(names->api_key), OrderedJson::string(std::move(*key)));
    }
    return json::json_stringify(settings);
}

void print_usage(const ipc::proto::UsageChunk& usage, ipc::proto::UsageChunk& total) {
    total.set_input_tokens(total.input_tokens() + usage.input_tokens());
    total.set_output_tokens(total.output_tokens() + usage.output_tokens());
    if (usage.has_cache_write_tokens())
        total.set_cache_write_tokens(total.cache_write_tokens() + usage.cache_write_tokens());
    if (usage.has_cache_read_tokens())
        total.set_cache_read_tokens(total.cache_read_tokens() + usage.cache_read_tokens());
    if (usage.has_reasoning_tokens())
        total.set_reasoning_tokens(total.reasoning_tokens() + usage.reasoning_tokens());
    if (usage.has_total_cost()) total.set_total_cost(total.total_cost() + usage.total_cost());
}

}  // namespace

int run_chat(const CliOptions& options, const QString& message) {
    auto settings = chat_settings(options);
    if (!settings) {
        std::fprintf(stderr, "lapce-ai: %s\n", settings.error().c_str());
        return 2;
    }
    ipc::proto::CreateMessageRequest request;
    request.mutable_target()->set_provider(options.provider.toStdString());
    request.mutable_target()->set_settings_json(*settings);
    request.set_system_prompt(options.system.toStdString());
    OrderedJson user = OrderedJson::object({});
    user.set("role", OrderedJson::string("user"));
    user.set("content", OrderedJson::string(message.toStdString()));
    request.set_messages_json(json::json_stringify(OrderedJson::array({user})));
    request.mutable_metadata()->set_task_id("cli");

    ipc::IpcClient client(options.client);
    ipc::proto::ApiStreamChunk chunk;
    ipc::proto::UsageChunk total;
    bool saw_usage = false;
    auto result = client.stream(
        ipc::proto::CREATE_MESSAGE_REQUEST, request,
        [&](const ipc::FrameHeader& header, std::span<const std::byte> payload) {
            if (header.kind != ipc::proto::API_STREAM_CHUNK) return true;
            if (!chunk.ParseFromArray(payload.data(), static_cast<int>(payload.size())))
                return false;
            if (chunk.has_text()) {
                std::fwrite(chunk.text().data(), 1, chunk.text().size(), stdout);
                std::fflush(stdout);
            } else if (chunk.has_reasoning()) {
                std::fwrite(chunk.reasoning().data(), 1, chunk.reasoning().size(), stderr);
            } else if (chunk.has_usage()) {
                print_usage(chunk.usage(), total);
                saw_usage = true;
            }
            return true;
        });
    std::fputc('\n', stdout);
    if (!result) return report_error(result.error());
    if (saw_usage) {
        std::fprintf(stderr, "usage: %.0f input, %.0f output tokens", total.input_tokens(),
                     total.output_tokens());
        if (total.has_cache_read_tokens() || total.has_cache_write_tokens())
            std::fprintf(stderr, ", cache %.0f read / %.0f written", total.cache_read_tokens(),
                         total.cache_write_tokens());
        if (total.has_reasoning_tokens())
            std::fprintf(stderr, ", %.0f reasoning", total.reasoning_tokens());
        if (total.has_total_cost()) std::fprintf(stderr, ", cost $%.6f", total.total_cost());
        std::fputc('\n', stderr);
    }
    return 0;
}

}  // namespace lapce_ai::cli
