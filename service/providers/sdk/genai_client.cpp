#include "genai_client.h"

#include <cctype>

#include "fetch_errors.h"
#include "js_json_parse.h"
#include "js_string.h"

namespace lapce_ai::providers {

using json::OrderedJson;

namespace {

constexpr std::string_view kLibraryLabel = "google-genai-sdk/1.3.0";

bool truthy(const std::optional<std::string>& value) {
    return value.has_value() && !value->empty();
}

std::string to_lower(std::string text) {
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

std::string decode_utf8(const QByteArray& bytes) {
    const std::string_view view(bytes.constData(), static_cast<std::size_t>(bytes.size()));
    if (json::is_well_formed_utf8(view)) return std::string(view);
    return json::wtf8_from_js_string(json::js_string_from_utf8(view));
}

// response.json() / response.text() of undici.
Task<QByteArray> read_body(HttpResponse& response) {
    QByteArray body;
    std::optional<ProviderError> failure;
    try {
        body = co_await response.read_all();
    } catch (const TransportError& error) {
        failure = undici_fetch_error(error);
    }
    if (failure) throw *failure;
    co_return body;
}

Task<OrderedJson> read_json(HttpResponse& response) {
    const QByteArray body = co_await read_body(response);
    auto parsed = json::js_json_parse(decode_utf8(body));
    if (!parsed) throw ProviderError("SyntaxError", parsed.error());
    co_return std::move(*parsed);
}

// throwErrorIfNotOK
Task<void> throw_error_if_not_ok(HttpResponse& response) {
    const int status = response.status();
    if (status >= 200 && status < 300) co_return;
    const std::string status_text = response.status_text().toStdString();
    OrderedJson error_body;
    const std::optional<QByteArray> content_type = response.header("content-type");
    if (content_type && content_type->contains("application/json")) {
        error_body = co_await read_json(response);
    } else {
        const std::string text = decode_utf8(co_await read_body(response));
        error_body = OrderedJson::object(
            {{"error", OrderedJson::object({{"message", OrderedJson::string(text)},
                                            {"code", OrderedJson::number(status)},
                                            {"status", OrderedJson::string(status_text)}})}});
    }
    const std::string message = "got status: " + std::to_string(status) + " " + status_text + ". " +
                                json::json_stringify(error_body);
    if (status >= 400 && status < 500) throw ProviderError("ClientError", message);
    if (status >= 500 && status < 600) throw ProviderError("ServerError", message);
    throw ProviderError("Error", message);
}

}  // namespace

GenaiClient::GenaiClient(GoogleGenAIOptions options, const ProviderContext& context)
    : context_(context) {
    // getEnv: the trimmed value, undefined when unset.
    auto env = [&context](std::string_view name) -> std::optional<std::string> {
        std::optional<std::string> value = context.env(name);
        if (!value) return std::nullopt;
        const std::size_t first = value->find_first_not_of(" \t\n\r\f\v");
        if (first == std::string::npos) return std::string();
        return value->substr(first, value->find_last_not_of(" \t\n\r\f\v") - first + 1);
    };
    vertexai_ = options.vertexai
                    ? *options.vertexai
                    : to_lower(env("GOOGLE_GENAI_USE_VERTEXAI").value_or("")) == "true";
    const std::optional<std::string> env_api_key = env("GOOGLE_API_KEY");
    const std::optional<std::string> env_project = env("GOOGLE_CLOUD_PROJECT");
    const std::optional<std::string> env_location = env("GOOGLE_CLOUD_LOCATION");
    std::optional<std::string> api_key = options.api_key ? options.api_key : env_api_key;
    project_ = options.project ? options.project : env_project;
    location_ = options.location ? options.location : env_location;
    if (options.vertexai.value_or(false)) {
        // Explicit settings win over the environment's; a project/location over an API key.
        if ((truthy(env_project) || truthy(env_location)) && truthy(options.api_key)) {
            project_.reset();
            location_.reset();
        } else if ((truthy(options.project) || truthy(options.location)) && truthy(env_api_key)) {
            api_key.reset();
        } else if ((truthy(env_project) || truthy(env_location)) && truthy(env_api_key)) {
            api_key.reset();
        }
    }
    const std::optional<std::string> env_base_url = options.vertexai.value_or(false)
                                                        ? env("GOOGLE_VERTEX_BASE_URL")
                                                        : env("GOOGLE_GEMINI_BASE_URL");

    auth_api_key_ = api_key;
    if (!auth_api_key_) {
        google_auth_ = std::make_unique<GoogleAuthClient>(
            options.google_auth_options.value_or(GoogleAuthOptions{}), context);
    }

    client_api_key_ = api_key;
    if (vertexai_) {
        base_url_ = truthy(project_) && truthy(location_) && *location_ != "global"
                        ? "https://" + *location_ + "-aiplatform.googleapis.com/"
                        : std::string("https://aiplatform.googleapis.com/");
        if (truthy(project_) && truthy(location_)) {
            client_api_key_.reset();
        } else {
            project_.reset();
            location_.reset();
        }
    } else {
        base_url_ = "https://generativelanguage.googleapis.com/";
    }
    if (truthy(env_base_url)) base_url_ = *env_base_url;
}

QUrl GenaiClient::request_url(const std::string& path,
                              const std::optional<std::string>& base_url) const {
    std::string base = base_url ? *base_url : base_url_;
    if (base.ends_with('/')) base.pop_back();
    std::string url = base + "/" + (vertexai_ ? "v1beta1" : "v1beta");
    const bool prepend_project =
        !truthy(client_api_key_) && vertexai_ && !path.starts_with("projects/");
    if (prepend_project) {
        url += "/projects/" + project_.value_or("undefined") + "/locations/" +
               location_.value_or("undefined");
    }
    if (!path.empty()) url += "/" + path;
    const QUrl parsed(QString::fromStdString(url));
    if (!parsed.isValid() || parsed.scheme().isEmpty() ||
        ((parsed.scheme() == QLatin1String("http") || parsed.scheme() == QLatin1String("https")) &&
         parsed.host().isEmpty()))
        throw ProviderError("TypeError", "Invalid URL");
    return parsed;
}

Task<std::unique_ptr<HttpResponse>> GenaiClient::post(std::string path,
                                                      const std::optional<std::string>& base_url,
                                                      QByteArray body) {
    HttpRequest request;
    request.method = QByteArrayLiteral("POST");
    request.url = request_url(path, base_url);
    const QByteArray label = QByteArray::fromStdString(std::string(kLibraryLabel));
    request.set_header("User-Agent", label);
    request.set_header("x-goog-api-client", label);
    request.set_header("Content-Type", "application/json");
    if (auth_api_key_) {
        if (auth_api_key_->starts_with("auth_tokens/"))
            throw ProviderError("Error", "Ephemeral tokens are only supported by the live API.");
        request.set_header("x-goog-api-key", QByteArray::fromStdString(*auth_api_key_));
    } else {
        const GoogleAuthClient::Headers auth_headers = co_await google_auth_->request_headers();
        for (const auto& [name, value] : auth_headers)
            request.set_header(QByteArray::fromStdString(name), QByteArray::fromStdString(value));
    }
    request.body = std::move(body);

    std::unique_ptr<HttpResponse> response;
    std::optional<ProviderError> failure;
    try {
        response = co_await context_.http->send(std::move(request));
    } catch (const TransportError& error) {
        failure =
            ProviderError("Error", "exception TypeError: " + undici_fetch_error(error).message() +
                                       " sending request");
    }
    if (failure) throw *failure;
    co_await throw_error_if_not_ok(*response);
    co_return response;
}

Task<std::unique_ptr<GenaiResponseStream>> GenaiClient::generate_content_stream(
    std::string model, OrderedJson contents, GenerateContentConfig config) {
    const std::string resource = genai_model_resource(model, vertexai_);
    const OrderedJson body = generate_content_body(contents, config, vertexai_);
    std::unique_ptr<HttpResponse> response =
        co_await post(resource + ":streamGenerateContent?alt=sse", config.base_url,
                      QByteArray::fromStdString(json::json_stringify(body)));
    co_return std::make_unique<GenaiResponseStream>(std::move(response));
}

Task<OrderedJson> GenaiClient::generate_content(std::string model, OrderedJson contents,
                                                GenerateContentConfig config) {
    const std::string resource = genai_model_resource(model, vertexai_);
    const OrderedJson body = generate_content_body(contents, config, vertexai_);
    std::unique_ptr<HttpResponse> response =
        co_await post(resource + ":generateContent", config.base_url,
                      QByteArray::fromStdString(json::json_stringify(body)));
    OrderedJson result = co_await read_json(*response);
    co_return result.is_object() ? std::move(result) : OrderedJson::object({});
}

Task<OrderedJson> GenaiClient::count_tokens(std::string model, OrderedJson contents) {
    const std::string resource = genai_model_resource(model, vertexai_);
    const OrderedJson body = count_tokens_body(contents, vertexai_);
    std::unique_ptr<HttpResponse> response =
        co_await post(resource + ":countTokens", std::nullopt,
                      QByteArray::fromStdString(json::json_stringify(body)));
    OrderedJson result = co_await read_json(*response);
    co_return result.is_object() ? std::move(result) : OrderedJson::object({});
}

}  // namespace lapce_ai::providers
