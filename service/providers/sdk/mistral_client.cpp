#include "mistral_client.h"

#include "fetch_errors.h"
#include "js_json_parse.h"
#include "provider_error.h"
#include "zod_issues.h"

namespace lapce_ai::providers {

using json::OrderedJson;

namespace {

constexpr const char* kUserAgent = "mistral-client-typescript/1.9.18";

// matchContentType for a concrete pattern ("text/event-stream", "application/json").
bool content_type_is(const HttpResponse& response, const char* wanted) {
    QByteArray type = response.header("content-type").value_or(QByteArray()).trimmed();
    if (type.isEmpty()) type = "application/octet-stream";
    type = type.toLower();
    const qsizetype semicolon = type.indexOf(';');
    if (semicolon >= 0) type = type.left(semicolon).trimmed();
    return type == wanted;
}

bool status_family(int status, int family) {
    return status / 100 == family;
}

// SDKError: "<message>: Status <status> Content-Type <type> Body <\n body>"
ProviderError sdk_error(const std::string& message, const HttpResponse& response,
                        const std::string& body) {
    const std::string content_type =
        response.header("content-type").value_or(QByteArray()).toStdString();
    return ProviderError("SDKError", message + ": Status " + std::to_string(response.status()) +
                                         " Content-Type " + content_type + " Body " +
                                         (body.empty() ? std::string() : "\n" + body));
}

ProviderError zod_error(const ZodIssues& issues) {
    return ProviderError("ZodError", issues.message());
}

// HTTPValidationError$inboundSchema: {detail?: [{loc, msg, type}]} (other keys stripped), the
// message "API error occurred: <JSON>"; SDKValidationError when it does not fit.
ProviderError http_validation_error(const OrderedJson& raw) {
    ZodIssues issues;
    OrderedJson value = OrderedJson::object({});
    const OrderedJson* detail = raw.is_object() ? raw.find("detail") : nullptr;
    if (detail != nullptr && zod_check_array(issues, {OrderedJson::string("detail")}, detail)) {
        OrderedJson stripped = OrderedJson::array({});
        for (std::size_t i = 0; i < detail->items().size(); ++i) {
            const OrderedJson& item = detail->items()[i];
            const ZodPath at = {OrderedJson::string("detail"),
                                OrderedJson::number(static_cast<double>(i))};
            if (!zod_check_object(issues, at, &item)) continue;
            auto path_to = [&at](const char* key) {
                ZodPath path = at;
                path.push_back(OrderedJson::string(key));
                return path;
            };
            const OrderedJson* loc = item.find("loc");
            if (zod_check_array(issues, path_to("loc"), loc)) {
                for (std::size_t j = 0; j < loc->items().size(); ++j) {
                    const OrderedJson& part = loc->items()[j];
                    if (!part.is_string() && part.type() != OrderedJson::Type::Number) {
                        ZodPath path = path_to("loc");
                        path.push_back(OrderedJson::number(static_cast<double>(j)));
                        issues.invalid_type(path, "string", &part);
                    }
                }
            }
            zod_check_string(issues, path_to("msg"), item.find("msg"));
            zod_check_string(issues, path_to("type"), item.find("type"));
            if (issues.empty())
                stripped.push_back(OrderedJson::object(
                    {{"loc", *loc}, {"msg", *item.find("msg")}, {"type", *item.find("type")}}));
        }
        value.set("detail", std::move(stripped));
    }
    if (!issues.empty())
        return ProviderError("SDKValidationError",
                             "Response validation failed: ZodError: " + issues.message());
    ProviderError thrown("HTTPValidationError",
                         "API error occurred: " + json::json_stringify(value));
    return thrown;
}

}  // namespace

MistralClient::MistralClient(const std::string& server_url, std::string api_key, HttpClient& http)
    : api_key_(std::move(api_key)), http_(http) {
    QUrl base(QString::fromStdString(server_url), QUrl::StrictMode);
    if (!base.isValid() || base.scheme().isEmpty() || base.host().isEmpty())
        throw ProviderError("TypeError", "Invalid URL");
    // reqURL.pathname += "/" (unless it ends with one) + "v1/chat/completions"
    QString path = base.path();
    if (!path.endsWith(QLatin1Char('/'))) path += QLatin1Char('/');
    base.setPath(path + QStringLiteral("v1/chat/completions"));
    base.setFragment(QString());
    endpoint_ = base;
}

Task<std::unique_ptr<HttpResponse>> MistralClient::send(const OrderedJson& body,
                                                        const char* accept) {
    HttpRequest request;
    request.method = "POST";
    request.url = endpoint_;
    request.set_header("Content-Type", "application/json");
    request.set_header("Accept", accept);
    if (!api_key_.empty()) {
        const bool prefixed =
            QString::fromStdString(api_key_.substr(0, 7)).toLower() == QLatin1String("bearer ");
        request.set_header("Authorization",
                           QByteArray::fromStdString(prefixed ? api_key_ : "Bearer " + api_key_));
    }
    request.set_header("cookie", "");
    request.set_header("User-Agent", kUserAgent);
    request.body = QByteArray::fromStdString(json::json_stringify(body));

    std::unique_ptr<HttpResponse> response;
    std::optional<ProviderError> failure;
    try {
        response = co_await http_.send(std::move(request));
    } catch (const TransportError& error) {
        // isConnectionError(TypeError "fetch failed")
        const ProviderError cause = undici_fetch_error(error);
        failure = ProviderError("ConnectionError",
                                "Unable to make request: " + cause.name() + ": " + cause.message());
        failure->cause = OrderedJson::object({{"name", OrderedJson::string(cause.name())},
                                              {"message", OrderedJson::string(cause.message())}});
    }
    if (failure) throw *failure;
    co_return response;
}

Task<void> MistralClient::match_response(HttpResponse& response, const char* success_type) {
    const int status = response.status();
    if (status == 200 && content_type_is(response, success_type)) co_return;
    std::string body;
    std::optional<ProviderError> failure;
    try {
        body = (co_await response.read_all()).toStdString();
    } catch (const TransportError& error) {
        failure = undici_fetch_error(error);
    }
    if (failure) throw *failure;
    if (status == 422 && content_type_is(response, "application/json")) {
        auto parsed = json::js_json_parse(body);
        if (!parsed) throw ProviderError("SyntaxError", parsed.error());
        throw http_validation_error(*parsed);
    }
    if (status_family(status, 4) || status_family(status, 5))
        throw sdk_error("API error occurred", response, body);
    throw sdk_error("Unexpected API response status or content-type", response, body);
}

Task<std::unique_ptr<HttpResponse>> MistralClient::chat_stream(OrderedJson body) {
    std::unique_ptr<HttpResponse> response = co_await send(body, "text/event-stream");
    co_await match_response(*response, "text/event-stream");
    co_return response;
}

Task<OrderedJson> MistralClient::chat_complete(OrderedJson body) {
    std::unique_ptr<HttpResponse> response = co_await send(body, "application/json");
    co_await match_response(*response, "application/json");
    QByteArray text;
    std::optional<ProviderError> failure;
    try {
        text = co_await response->read_all();
    } catch (const TransportError& error) {
        failure = undici_fetch_error(error);
    }
    if (failure) throw *failure;
    auto parsed = json::js_json_parse(text.toStdString());
    if (!parsed) throw ProviderError("SyntaxError", parsed.error());
    co_return std::move(*parsed);
}

OrderedJson decode_completion_event(const SpeakeasyEvent& event) {
    ZodIssues issues;
    const ZodPath data_path = {OrderedJson::string("data")};
    if (!event.data) {
        issues.invalid_type(data_path, "string", nullptr);
        throw zod_error(issues);
    }
    auto parsed = json::js_json_parse(*event.data);
    if (!parsed) {
        issues.custom(data_path, "malformed json: SyntaxError: " + parsed.error());
        throw zod_error(issues);
    }
    const OrderedJson& chunk = *parsed;
    if (!zod_check_object(issues, data_path, &chunk)) throw zod_error(issues);
    auto at = [](const char* key) {
        return ZodPath{OrderedJson::string("data"), OrderedJson::string(key)};
    };
    zod_check_string(issues, at("id"), chunk.find("id"));
    zod_check_string(issues, at("object"), chunk.find("object"), true);
    zod_check_int(issues, at("created"), chunk.find("created"), true);
    zod_check_string(issues, at("model"), chunk.find("model"));
    if (const OrderedJson* usage = chunk.find("usage"))
        zod_check_object(issues, at("usage"), usage);
    const OrderedJson* choices = chunk.find("choices");
    if (zod_check_array(issues, at("choices"), choices)) {
        for (std::size_t i = 0; i < choices->items().size(); ++i) {
            const OrderedJson& choice = choices->items()[i];
            ZodPath path = at("choices");
            path.push_back(OrderedJson::number(static_cast<double>(i)));
            if (!zod_check_object(issues, path, &choice)) continue;
            auto member = [&path](const char* key) {
                ZodPath member_path = path;
                member_path.push_back(OrderedJson::string(key));
                return member_path;
            };
            zod_check_int(issues, member("index"), choice.find("index"));
            zod_check_object(issues, member("delta"), choice.find("delta"));
        }
    }
    if (!issues.empty()) throw zod_error(issues);
    return chunk;
}

}  // namespace lapce_ai::providers
