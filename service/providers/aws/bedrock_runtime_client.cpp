#include "bedrock_runtime_client.h"

#include <QRandomGenerator>
#include <QSysInfo>
#include <QUrl>
#include <cmath>

#include "bedrock_converse_format.h"
#include "bedrock_sdk_errors.h"
#include "http_date.h"
#include "js_json_parse.h"
#include "sdk_shapes.h"
#include "sigv4.h"
#include "sleep.h"

namespace lapce_ai::providers {

using json::OrderedJson;

namespace {

constexpr std::string_view kSdkVersion = "3.848.0";
constexpr int kMaxAttempts = 3;              // DEFAULT_MAX_ATTEMPTS
constexpr double kInitialRetryTokens = 500;  // INITIAL_RETRY_TOKENS
constexpr double kRetryCost = 5;             // RETRY_COST
constexpr double kTimeoutRetryCost = 10;     // TIMEOUT_RETRY_COST
constexpr double kDefaultRetryDelayBase = 100;
constexpr double kThrottlingRetryDelayBase = 500;
constexpr double kMaximumRetryDelay = 20'000;
constexpr qint64 kClockSkewLimitMs = 300'000;

// The members of ConverseStreamRequest / ConverseRequest in the serializer's order, and how
// each is written.
enum class Member { Document, Json, Inference, List };
constexpr std::pair<std::string_view, Member> kRequestMembers[] = {
    {"additionalModelRequestFields", Member::Document},
    {"additionalModelResponseFieldPaths", Member::Json},
    {"guardrailConfig", Member::Json},
    {"inferenceConfig", Member::Inference},
    {"messages", Member::List},
    {"performanceConfig", Member::Json},
    {"promptVariables", Member::Json},
    {"requestMetadata", Member::Json},
    {"system", Member::List},
    {"toolConfig", Member::Json},
};

OrderedJson se_inference_configuration(const OrderedJson& input) {
    OrderedJson config = OrderedJson::object({});
    if (const OrderedJson* max_tokens = sdk::present(input, "maxTokens"))
        config.set("maxTokens", *max_tokens);
    if (const OrderedJson* stop = sdk::present(input, "stopSequences"))
        config.set("stopSequences", sdk::json_shape(*stop));
    if (const OrderedJson* temperature = sdk::present(input, "temperature"))
        config.set("temperature", sdk::serialize_float(*temperature));
    if (const OrderedJson* top_p = sdk::present(input, "topP"))
        config.set("topP", sdk::serialize_float(*top_p));
    return config;
}

// The blocks and messages come from the Converse transform in their serialized form; the
// serializer only drops null entries.
OrderedJson without_null_items(const OrderedJson& list) {
    OrderedJson items = OrderedJson::array({});
    for (const OrderedJson& item : list.items()) {
        if (!item.is_null()) items.push_back(item);
    }
    return items;
}

// new URL(endpoint) → {scheme, host, port (explicit, not the scheme's default), path, query}.
struct EndpointUrl {
    QUrl url;
    std::string authority;  // hostname + (port ? ":" + port : "")
    std::string base_path;  // without a trailing "/"
};

EndpointUrl parse_endpoint(const std::string& endpoint) {
    EndpointUrl parsed;
    parsed.url = QUrl(QString::fromStdString(endpoint));
    if (!parsed.url.isValid() || parsed.url.host().isEmpty())
        throw ProviderError("TypeError", "Invalid URL");
    const QString scheme = parsed.url.scheme().toLower();
    const int default_port = scheme == QStringLiteral("https")  ? 443
                             : scheme == QStringLiteral("http") ? 80
                                                                : -1;
    parsed.authority = parsed.url.host(QUrl::FullyEncoded).toStdString();
    if (parsed.url.port() != -1 && parsed.url.port() != default_port)
        parsed.authority += ":" + std::to_string(parsed.url.port());
    parsed.base_path = parsed.url.path(QUrl::FullyEncoded).toStdString();
    if (parsed.base_path.ends_with('/')) parsed.base_path.pop_back();
    return parsed;
}

std::string default_endpoint(const std::string& region) {
    const std::string_view suffix =
        region.starts_with("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
    return "https://bedrock-runtime." + region + "." + std::string(suffix);
}

ResponseHeaders lower_case_headers(const HttpResponse& response) {
    ResponseHeaders headers;
    for (const auto& [name, value] : response.headers())
        headers.emplace_back(name.toLower(), value);
    return headers;
}

// getRetryAfterHint: a number of seconds is read as a date that many seconds after the epoch
// (so it never outweighs the backoff), anything else as a date.
std::optional<qint64> retry_after_hint(const std::optional<QByteArray>& retry_after) {
    if (!retry_after) return std::nullopt;
    bool numeric = false;
    const QString text = QString::fromLatin1(*retry_after).trimmed();
    const double seconds = text.isEmpty() ? 0 : text.toDouble(&numeric);
    if (text.isEmpty() || numeric) return static_cast<qint64>(std::floor(seconds * 1000));
    return parse_http_date(*retry_after);
}

std::string sdk_user_agent(bool static_credentials, bool custom_endpoint) {
    std::string features = std::string(custom_endpoint ? "N," : "") + "E";
    if (static_credentials) features += ",e";
    return "aws-sdk-js/" + std::string(kSdkVersion) + " ua/2.1 os/" +
           QSysInfo::kernelType().toStdString() + "#" + QSysInfo::kernelVersion().toStdString() +
           " lang/cpp api/bedrock-runtime#" + std::string(kSdkVersion) + " m/" + features;
}

AwsEnvironment environment_of(const ProviderContext& context) {
    AwsEnvironment environment = AwsEnvironment::process();
    environment.getenv = [&context](const std::string& name) { return context.env(name); };
    return environment;
}

// The output of a Converse response (de_ConverseCommand); errors inside it get the
// deserializer middleware's hint.
OrderedJson de_converse_output(const QByteArray& body) {
    OrderedJson data = OrderedJson::object({});
    if (!body.isEmpty()) {
        auto parsed = json::js_json_parse(QString::fromUtf8(body).toStdString());
        if (!parsed) throw ProviderError("SyntaxError", parsed.error());
        data = std::move(*parsed);
    }
    if (data.is_null()) throw ProviderError("TypeError", "Expected a non-null value for body");
    sdk::expect_object(data);
    OrderedJson result = sdk::json_shape(data);
    if (const OrderedJson* output = sdk::present(data, "output")) {
        const OrderedJson unioned = sdk::aws_expect_union(*output);
        OrderedJson converted = OrderedJson::object({});
        if (const OrderedJson* message = sdk::present(unioned, "message")) {
            OrderedJson de_message = OrderedJson::object({});
            if (const OrderedJson* content = sdk::present(*message, "content")) {
                OrderedJson blocks = OrderedJson::array({});
                for (const OrderedJson& block : content->items()) {
                    if (block.is_null()) continue;
                    const OrderedJson entry = sdk::aws_expect_union(block);
                    if (auto text = sdk::expect_string(entry.find("text")))
                        blocks.push_back(
                            OrderedJson::object({{"text", OrderedJson::string(*text)}}));
                    else
                        blocks.push_back(sdk::json_shape(entry));
                }
                de_message.set("content", std::move(blocks));
            }
            if (auto role = sdk::expect_string(message->find("role")))
                de_message.set("role", OrderedJson::string(*role));
            converted.set("message", std::move(de_message));
        } else {
            converted = sdk::unknown_union_member(unioned);
        }
        result.set("output", std::move(converted));
    }
    return result;
}

}  // namespace

QByteArray serialize_converse_input(const OrderedJson& input) {
    OrderedJson body = OrderedJson::object({});
    for (const auto& [name, kind] : kRequestMembers) {
        const OrderedJson* value = sdk::present(input, name);
        if (value == nullptr) continue;
        switch (kind) {
            case Member::Document:
                body.set(std::string(name), *value);
                break;
            case Member::Json:
                body.set(std::string(name), sdk::json_shape(*value));
                break;
            case Member::Inference:
                body.set(std::string(name), se_inference_configuration(*value));
                break;
            case Member::List:
                body.set(std::string(name), without_null_items(*value));
                break;
        }
    }
    return QByteArray::fromStdString(json::json_stringify(body));
}

BedrockRuntimeClient::BedrockRuntimeClient(BedrockRuntimeClientConfig config,
                                           const ProviderContext& context)
    : config_(std::move(config)),
      context_(context),
      user_agent_(sdk_user_agent(config_.auth.kind == BedrockAuth::Kind::StaticKeys,
                                 config_.endpoint.has_value())),
      retry_capacity_(kInitialRetryTokens) {}

std::optional<std::string> BedrockRuntimeClient::region() const {
    if (config_.region) return config_.region;
    return context_.env("AWS_REGION");
}

QDateTime BedrockRuntimeClient::signing_date() const {
    return context_.now().addMSecs(clock_offset_ms_);
}

// getUpdatedSystemClockOffset: a server clock 5 minutes or more away from ours becomes the
// offset.
void BedrockRuntimeClient::update_clock_offset(const std::optional<QByteArray>& date_header) {
    if (!date_header) return;
    const std::optional<qint64> server_time = parse_http_date(*date_header);
    if (!server_time) return;
    const qint64 now = context_.now().toMSecsSinceEpoch();
    if (std::llabs(now + clock_offset_ms_ - *server_time) >= kClockSkewLimitMs)
        clock_offset_ms_ = *server_time - now;
}

Task<std::unique_ptr<HttpResponse>> BedrockRuntimeClient::converse_stream(
    const OrderedJson& input, std::chrono::milliseconds abort_after) {
    co_return co_await send("converse-stream", input, abort_after);
}

Task<OrderedJson> BedrockRuntimeClient::converse(const OrderedJson& input) {
    std::unique_ptr<HttpResponse> response =
        co_await send("converse", input, std::chrono::milliseconds(0));
    const int status = response->status();
    const ResponseHeaders headers = lower_case_headers(*response);
    QByteArray body;
    std::optional<ProviderError> failure;
    try {
        body = co_await response->read_all();
    } catch (const TransportError& error) {
        failure = node_http2_error(error);
    }
    if (failure) throw *failure;
    try {
        co_return de_converse_output(body);
    } catch (const ProviderError& error) {
        failure = wrap_deserialization_error(error, status, headers);
    }
    // The deserializer runs inside the retry middleware: its errors are not retryable and get
    // the attempts made.
    set_aws_error_metadata(*failure, "attempts", OrderedJson::number(last_attempts_));
    throw *failure;
}

Task<std::unique_ptr<HttpResponse>> BedrockRuntimeClient::send(
    std::string_view operation, const OrderedJson& input, std::chrono::milliseconds abort_after) {
    const std::optional<std::string> signing_region = region();
    if (!signing_region) throw ProviderError("Error", "Region is missing");

    // httpAuthSchemeMiddleware resolves the identity before the request is serialized.
    const bool bearer = config_.auth.kind == BedrockAuth::Kind::ApiKey;
    AwsCredentials credentials;
    if (!bearer) credentials = resolve_aws_credentials(config_.auth, environment_of(context_));

    if (const OrderedJson* messages = input.find("messages"))
        assert_bedrock_converse_serializable(*messages);
    const QByteArray body = serialize_converse_input(input);
    const OrderedJson* model_id = input.find("modelId");
    const std::string model_label =
        model_id != nullptr && model_id->is_string() ? model_id->as_string() : std::string();
    if (model_label.empty())
        throw ProviderError("Error", "Empty value provided for input HTTP label: modelId.");

    const EndpointUrl endpoint =
        parse_endpoint(config_.endpoint.value_or(default_endpoint(*signing_region)));
    const std::string path =
        endpoint.base_path + "/model/" + escape_uri(model_label) + "/" + std::string(operation);
    const std::string query = endpoint.url.query(QUrl::FullyEncoded).toStdString();
    const std::string path_and_query = query.empty() ? path : path + "?" + query;
    QUrl url = endpoint.url;
    url.setPath(QString::fromStdString(path), QUrl::TolerantMode);

    const std::string invocation_id = context_.new_uuid();
    int attempts = 0;
    double retry_cost = 0;  // the cost of the token the last retry took (none initially)
    bool retried = false;
    while (true) {
        HttpHeaders headers = {
            {"content-type", "application/json"},
            {"content-length", std::to_string(body.size())},
            {":authority", endpoint.authority},
            {"x-amz-user-agent", "aws-sdk-js/" + std::string(kSdkVersion)},
            {"user-agent", user_agent_},
            {"amz-sdk-invocation-id", invocation_id},
            {"amz-sdk-request",
             "attempt=" + std::to_string(attempts + 1) + "; max=" + std::to_string(kMaxAttempts)},
        };
        if (bearer) {
            headers.push_back({"Authorization", "Bearer " + config_.auth.api_key});
        } else {
            SigV4Options options;
            options.region = *signing_region;
            options.service = "bedrock";
            options.signing_date = signing_date();
            headers = sign_request(sigv4_request_from_url("POST", path_and_query, headers, body),
                                   credentials, options);
        }

        HttpRequest request;
        request.method = "POST";
        request.url = url;
        request.body = body;
        request.timeout = abort_after;
        // The pseudo-header travels as Host (HTTP/1.1) or as itself (HTTP/2); Qt writes both
        // it and Content-Length from the URL and the body.
        for (const HttpHeader& header : headers) {
            if (header.name == ":authority" || header.name == "content-length") continue;
            request.headers.emplace_back(QByteArray::fromStdString(header.name),
                                         QByteArray::fromStdString(header.value));
        }

        std::unique_ptr<HttpResponse> response;
        std::optional<ProviderError> failure;
        std::optional<QByteArray> retry_after;
        try {
            response = co_await context_.http->send(std::move(request));
        } catch (const TransportError& error) {
            failure = node_http2_error(error);
        }
        if (response && response->status() != 200 && response->status() >= 300) {
            const int status = response->status();
            const ResponseHeaders response_headers = lower_case_headers(*response);
            retry_after = response->header("retry-after");
            const std::optional<QByteArray> date = response->header("date");
            QByteArray error_body;
            try {
                error_body = co_await response->read_all();
            } catch (const TransportError& error) {
                failure = node_http2_error(error);
            }
            if (!failure)
                failure = deserialize_bedrock_http_error(status, response_headers, error_body);
            // The SigV4 signer's error handler corrects the clock from the response's date.
            if (!bearer && date) {
                const qint64 previous = clock_offset_ms_;
                update_clock_offset(date);
                if (clock_offset_ms_ != previous && failure->extra.is_object() &&
                    failure->extra.find("$metadata") != nullptr)
                    set_aws_error_metadata(*failure, "clockSkewCorrected",
                                           OrderedJson::boolean(true));
            }
        } else if (response) {
            if (!bearer) update_clock_offset(response->header("date"));
            last_attempts_ = attempts + 1;
            // recordSuccess
            retry_capacity_ =
                std::max(kInitialRetryTokens, retry_capacity_ + (retried ? retry_cost : 1));
            co_return response;
        }

        // refreshRetryTokenForRetry
        const std::string error_type = aws_retry_error_type(*failure);
        const double capacity_cost = error_type == "TRANSIENT" ? kTimeoutRetryCost : kRetryCost;
        const bool should_retry = attempts + 1 < kMaxAttempts && retry_capacity_ >= capacity_cost &&
                                  (error_type == "THROTTLING" || error_type == "TRANSIENT");
        if (!should_retry) {
            set_aws_error_metadata(*failure, "attempts", OrderedJson::number(attempts + 1));
            throw *failure;
        }
        const double delay_base =
            error_type == "THROTTLING" ? kThrottlingRetryDelayBase : kDefaultRetryDelayBase;
        double delay =
            std::floor(std::min(kMaximumRetryDelay, QRandomGenerator::global()->generateDouble() *
                                                        std::pow(2, attempts) * delay_base));
        if (const std::optional<qint64> hint = retry_after_hint(retry_after)) {
            const double until_hint =
                static_cast<double>(*hint - context_.now().toMSecsSinceEpoch());
            delay = std::max(until_hint, delay);
        }
        retry_capacity_ -= capacity_cost;
        retry_cost = capacity_cost;
        retried = true;
        ++attempts;
        co_await sleep_for(std::chrono::milliseconds(
            static_cast<std::int64_t>(std::min(kMaximumRetryDelay, delay))));
    }
}

}  // namespace lapce_ai::providers
