#include "anthropic_vertex_client.h"

#include <QString>
#include <vector>

#include "json_access.h"

namespace lapce_ai::providers {

using json::OrderedJson;

namespace {

constexpr std::chrono::milliseconds kDefaultTimeout{600'000};
constexpr std::string_view kDefaultVersion = "vertex-2023-10-16";
constexpr std::string_view kNoProjectId =
    "No projectId was given and it could not be resolved from credentials. The client should be "
    "instantiated with the `projectId` option or the `ANTHROPIC_VERTEX_PROJECT_ID` environment "
    "variable should be set.";

// Core.readEnv: the variable trimmed, undefined when unset.
std::optional<std::string> read_env(const ProviderContext& context, std::string_view name) {
    const std::optional<std::string> value = context.env(name);
    if (!value) return std::nullopt;
    return QString::fromStdString(*value).trimmed().toStdString();
}

}  // namespace

AnthropicVertexClient::AnthropicVertexClient(AnthropicVertexClientOptions options,
                                             const ProviderContext& context)
    : project_id_(options.project_id ? options.project_id
                                     : read_env(context, "ANTHROPIC_VERTEX_PROJECT_ID")) {
    const std::optional<std::string> region =
        options.region ? options.region : read_env(context, "CLOUD_ML_REGION");
    if (!region || region->empty()) {
        throw ProviderError("Error",
                            "No region was given. The client should be instantiated with the "
                            "`region` option or the `CLOUD_ML_REGION` environment variable should "
                            "be set.");
    }
    region_ = *region;
    const std::optional<std::string> base_url = read_env(context, "ANTHROPIC_VERTEX_BASE_URL");
    StainlessClientOptions client;
    client.flavor = StainlessClientOptions::Flavor::Anthropic;
    client.base_url = base_url && !base_url->empty()
                          ? *base_url
                          : "https://" + region_ + "-aiplatform.googleapis.com/v1";
    client.timeout = kDefaultTimeout;
    client.default_headers = {{"User-Agent", "AnthropicVertex/JS 0.37.0"}};
    auth_ = std::make_unique<GoogleAuthClient>(std::move(options.google_auth), context);
    client_ = std::make_unique<StainlessClient>(std::move(client), *context.http);
}

Task<std::unique_ptr<HttpResponse>> AnthropicVertexClient::post_messages(OrderedJson body,
                                                                         std::string& path) {
    // prepareOptions: GoogleAuth's headers go before the request's own.
    const GoogleAuthClient::Headers auth_headers = co_await auth_->request_headers();
    HeaderList headers;
    for (const auto& [name, value] : auth_headers) {
        headers.emplace_back(name, value);
        if (name == "x-goog-user-project" && (!project_id_ || project_id_->empty()))
            project_id_ = value;
    }

    // buildRequest: a shallow copy with the version added and the model moved into the path.
    if (!js_truthy(body.find("anthropic_version")))
        body.set("anthropic_version", OrderedJson::string(std::string(kDefaultVersion)));
    if (!project_id_ || project_id_->empty())
        throw ProviderError("Error", std::string(kNoProjectId));
    const OrderedJson* model = body.find("model");
    const std::string model_text =
        model == nullptr ? "undefined"
                         : (model->is_string() ? model->as_string() : json::js_to_string(*model));
    const OrderedJson* stream = body.find("stream");
    const bool streaming = stream != nullptr && !stream->is_null() && js_truthy(stream);
    std::vector<json::OrderedJsonMember> members;
    for (const json::OrderedJsonMember& member : body.members()) {
        if (member.key != "model") members.push_back(member);
    }
    body = OrderedJson::object(std::move(members));
    path = "/projects/" + *project_id_ + "/locations/" + region_ + "/publishers/anthropic/models/" +
           model_text + (streaming ? ":streamRawPredict" : ":rawPredict");
    co_return co_await client_->request("POST", path, std::move(body), std::move(headers));
}

Task<std::unique_ptr<AnthropicEventStream>> AnthropicVertexClient::create_message_stream(
    OrderedJson body) {
    std::string path;
    std::unique_ptr<HttpResponse> response = co_await post_messages(std::move(body), path);
    co_return std::make_unique<AnthropicEventStream>(std::move(response));
}

Task<OrderedJson> AnthropicVertexClient::create_message(OrderedJson body) {
    // Messages.create's _calculateNonstreamingTimeout: a max_tokens that could take longer than
    // 10 minutes is refused.
    if (const OrderedJson* max_tokens = body.find("max_tokens");
        max_tokens != nullptr && max_tokens->type() == OrderedJson::Type::Number &&
        (60.0 * 60 * max_tokens->as_number()) / 128'000 > 10 * 60) {
        throw ProviderError(
            "Error",
            "Streaming is strongly recommended for operations that may take longer "
            "than 10 minutes. See "
            "https://github.com/anthropics/anthropic-sdk-python#streaming-responses "
            "for more details");
    }
    std::string path;
    std::unique_ptr<HttpResponse> response = co_await post_messages(std::move(body), path);
    co_return co_await read_anthropic_response(*response, client_->build_url(path));
}

}  // namespace lapce_ai::providers
