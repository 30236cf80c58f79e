// The errors @aws-sdk/client-bedrock-runtime 3.848.0 throws (bedrock_sdk_errors.h): de_CommandError
// for error responses (loadRestJsonErrorCode, the modeled exceptions, throwDefaultError and
// decorateServiceException), middleware-serde's wrapping of deserializer failures, the event
// stream's exception and error messages, NodeHttp2Handler's transport errors, and
// getRetryErrorType of @smithy/middleware-retry.

#include <QTest>

#include <string>

#include "bedrock_sdk_errors.h"
#include "event_stream.h"
#include "ordered_json.h"
#include "provider_error.h"
#include "test_json.h"
#include "transport_error.h"

using lapce_ai::json::json_stringify;
using lapce_ai::json::OrderedJson;
using namespace lapce_ai::providers;

namespace {

OrderedJson j(std::string_view text) {
    return lapce_ai::testing::parse_test_json(text);
}

QString json_of(const ProviderError& error) {
    return QString::fromStdString(json_stringify(error.to_json()));
}

const char* const kHint =
    "\n  Deserialization error: to see the raw response, inspect the hidden field "
    "{error}.$response on this object.";

EventStreamMessage stream_message(std::vector<std::pair<std::string, std::string>> string_headers,
                                  QByteArray body) {
    EventStreamMessage message;
    for (auto& [name, value] : string_headers) message.set_header(name, value);
    message.body = std::move(body);
    return message;
}

ProviderError with_extra(const char* name, const char* extra) {
    ProviderError error(name, "m");
    error.extra = j(extra);
    return error;
}

}  // namespace

class TestBedrockSdkErrors : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void modeled_exceptions_read_their_code_from_the_errortype_header_first() {
        // sanitizeErrorCode: the part before ',' then before ':', then after '#'.
        const ResponseHeaders headers = {
            {"x-amzn-requestid", "req-1"},
            {"x-amzn-errortype",
             "ValidationException:http://internal.amazon.com/coral/com.amazon.bedrock/"}};
        ProviderError error = deserialize_bedrock_http_error(
            400, headers, R"({"message":"Malformed input request","code":"ThrottlingException"})");
        QCOMPARE(
            json_of(error),
            QStringLiteral(
                R"({"name":"ValidationException","message":"Malformed input request",)"
                R"("$fault":"client","$metadata":{"httpStatusCode":400,"requestId":"req-1"}})"));
        QCOMPARE(aws_retry_error_type(error), std::string("CLIENT_ERROR"));

        error = deserialize_bedrock_http_error(
            503, {{"x-amzn-errortype", "a.b#ServiceUnavailableException,Other"}}, "");
        QCOMPARE(json_of(error),
                 QStringLiteral(R"({"name":"ServiceUnavailableException","message":"UnknownError",)"
                                R"("$fault":"server","$metadata":{"httpStatusCode":503}})"));
        QCOMPARE(aws_retry_error_type(error), std::string("TRANSIENT"));
    }

    void without_the_header_the_code_comes_from_code_in_any_case_then_type() {
        ProviderError error = deserialize_bedrock_http_error(
            500, {}, R"({"Code":"InternalServerException","Message":"boom"})");
        QCOMPARE(error.name(), std::string("InternalServerException"));
        QCOMPARE(error.message(), std::string("boom"));
        QCOMPARE(error.extra.find("$fault")->as_string(), std::string("server"));

        error = deserialize_bedrock_http_error(
            403, {},
            "{\"__type\":\"com.amazon.bedrock#AccessDeniedException\",\"Message\":\"denied\"}");
        QCOMPARE(error.name(), std::string("AccessDeniedException"));
        QCOMPARE(error.message(), std::string("denied"));

        // An empty message gives way to Message.
        error = deserialize_bedrock_http_error(
            404, {}, R"({"__type":"ResourceNotFoundException","message":"","Message":"gone"})");
        QCOMPARE(error.name(), std::string("ResourceNotFoundException"));
        QCOMPARE(error.message(), std::string("gone"));
        error = deserialize_bedrock_http_error(429, {}, R"({"code":"Busy","message":"slow down"})");
        QCOMPARE(error.name(), std::string("BedrockRuntimeServiceException"));
        QCOMPARE(js_error_name(error), std::string("Busy"));
        QCOMPARE(error.message(), std::string("slow down"));
        QCOMPARE(aws_retry_error_type(error), std::string("THROTTLING"));
    }

    void modeled_metadata_reads_the_three_request_id_headers_in_order() {
        const ResponseHeaders headers = {{"x-amz-request-id", "third"},
                                         {"x-amzn-request-id", "second"},
                                         {"x-amz-id-2", "ext"},
                                         {"x-amz-cf-id", "cf"}};
        const ProviderError error = deserialize_bedrock_http_error(
            400, headers, R"({"__type":"ModelErrorException","message":"m"})");
        QCOMPARE(QString::fromStdString(json_stringify(*error.extra.find("$metadata"))),
                 QStringLiteral(R"({"httpStatusCode":400,"requestId":"second",)"
                                R"("extendedRequestId":"ext","cfId":"cf"})"));
    }

    void unmodeled_codes_become_service_exceptions_named_after_code_or_status() {
        ProviderError error = deserialize_bedrock_http_error(
            403,
            {{"x-amzn-requestid", "r"},
             {"x-amzn-errortype", "UnrecognizedClientException:http://x"}},
            R"({"message":"The security token included in the request is invalid."})");
        QCOMPARE(
            json_of(error),
            QStringLiteral(R"({"name":"BedrockRuntimeServiceException",)"
                           R"("message":"The security token included in the request is invalid.",)"
                           R"("error_name":"UnrecognizedClientException","$fault":"client",)"
                           R"("$metadata":{"httpStatusCode":403,"requestId":"r"}})"));
        QCOMPARE(js_error_name(error), std::string("UnrecognizedClientException"));

        // parsedBody.code wins over the error code it was read from; Code next.
        error = deserialize_bedrock_http_error(400, {}, "{\"code\":\"a#Weird\",\"message\":\"m\"}");
        QCOMPARE(js_error_name(error), std::string("a#Weird"));
        error = deserialize_bedrock_http_error(400, {{"x-amzn-errortype", "Other"}},
                                               R"({"Code":"Upper"})");
        QCOMPARE(js_error_name(error), std::string("Upper"));
        QCOMPARE(error.message(), std::string("UnknownError"));

        // Nothing names it: the status code, as text.
        error = deserialize_bedrock_http_error(502, {}, "");
        QCOMPARE(js_error_name(error), std::string("502"));
        QCOMPARE(error.message(), std::string("UnknownError"));
        QCOMPARE(aws_retry_error_type(error), std::string("TRANSIENT"));
        error = deserialize_bedrock_http_error(400, {}, "[1]");
        QCOMPARE(js_error_name(error), std::string("400"));
        QCOMPARE(error.message(), std::string("UnknownError"));
    }

    void bodies_that_are_not_objects_fail_inside_the_deserializer() {
        // middleware-serde adds its hint and the $metadata it finds by header pattern, the
        // first match in arrival order.
        const ResponseHeaders headers = {{"x-custom-request-id", "first"},
                                         {"x-amzn-requestid", "second"},
                                         {"x-amz-id-2", "ext"},
                                         {"x-amz-cf-id", "cf"}};
        ProviderError error = deserialize_bedrock_http_error(400, headers, "null");
        QCOMPARE(
            json_of(error),
            QStringLiteral("{\"name\":\"TypeError\",\"message\":\"Cannot read properties of "
                           "null (reading 'message')") +
                QString::fromLatin1(kHint).replace(QLatin1String("\n"), QLatin1String("\\n")) +
                QStringLiteral("\",\"$metadata\":{\"httpStatusCode\":400,\"requestId\":\"first\","
                               "\"extendedRequestId\":\"ext\",\"cfId\":\"cf\"}}"));
        QCOMPARE(deserialize_bedrock_http_error(400, {}, "42").message(),
                 std::string("Cannot create property 'message' on number '42'") + kHint);
        QCOMPARE(deserialize_bedrock_http_error(400, {}, "true").message(),
                 std::string("Cannot create property 'message' on boolean 'true'") + kHint);
        QCOMPARE(deserialize_bedrock_http_error(400, {}, R"("x")").message(),
                 std::string("Cannot create property 'message' on string 'x'") + kHint);
        error = deserialize_bedrock_http_error(500, {}, "{");
        QCOMPARE(error.name(), std::string("SyntaxError"));
        QVERIFY(error.message().ends_with(kHint));
        QCOMPARE(*aws_error_http_status_code(error), 500.0);
    }

    void errors_that_carry_metadata_are_not_wrapped_again() {
        ProviderError error("ValidationException", "bad");
        error.extra = j(R"({"$metadata":{"httpStatusCode":400}})");
        const ProviderError same = wrap_deserialization_error(error, 500, {});
        QCOMPARE(json_of(same), json_of(error));

        ProviderError plain("TypeError", "Expected string, got object: [object Object]");
        plain.code = OrderedJson::string("X");
        const ProviderError wrapped = wrap_deserialization_error(plain, 200, {});
        QCOMPARE(wrapped.message(), plain.message() + kHint);
        QCOMPARE(wrapped.code.as_string(), std::string("X"));
        QCOMPARE(*aws_error_http_status_code(wrapped), 200.0);
    }

    void metadata_helpers_read_and_extend_dollar_metadata() {
        ProviderError error("Error", "m");
        QVERIFY(!aws_error_http_status_code(error));
        QCOMPARE(js_error_name(error), std::string("Error"));
        set_aws_error_metadata(error, "attempts", OrderedJson::number(3));
        set_aws_error_metadata(error, "httpStatusCode", OrderedJson::number(429));
        QCOMPARE(QString::fromStdString(json_stringify(error.extra)),
                 QStringLiteral(R"({"$metadata":{"attempts":3,"httpStatusCode":429}})"));
        QCOMPARE(*aws_error_http_status_code(error), 429.0);
        error.extra = j(R"({"$metadata":{"httpStatusCode":"429"}})");
        QVERIFY(!aws_error_http_status_code(error));
    }

    void stream_exceptions_become_the_modeled_classes_without_metadata() {
        ProviderError error = bedrock_stream_exception(stream_message(
            {{":message-type", "exception"}, {":exception-type", "throttlingException"}},
            R"({"message":"Too many tokens, please wait before trying again."})"));
        QCOMPARE(json_of(error),
                 QStringLiteral(R"({"name":"ThrottlingException",)"
                                R"("message":"Too many tokens, please wait before trying again.",)"
                                R"("$fault":"client"})"));
        QCOMPARE(aws_retry_error_type(error), std::string("THROTTLING"));

        error = bedrock_stream_exception(stream_message(
            {{":message-type", "exception"}, {":exception-type", "internalServerException"}}, ""));
        QCOMPARE(json_of(error), QStringLiteral(R"({"name":"InternalServerException",)"
                                                R"("message":"UnknownError","$fault":"server"})"));
        error = bedrock_stream_exception(stream_message(
            {{":message-type", "exception"}, {":exception-type", "serviceUnavailableException"}},
            R"({"Message":"later"})"));
        QCOMPARE(error.name(), std::string("ServiceUnavailableException"));
        QCOMPARE(error.message(), std::string("later"));
        error = bedrock_stream_exception(stream_message(
            {{":message-type", "exception"}, {":exception-type", "modelStreamErrorException"}},
            R"({"message":"m","originalStatusCode":500})"));
        QCOMPARE(error.name(), std::string("ModelStreamErrorException"));
        QCOMPARE(error.extra.find("$fault")->as_string(), std::string("client"));
        error = bedrock_stream_exception(stream_message(
            {{":message-type", "exception"}, {":exception-type", "validationException"}}, "{"));
        QCOMPARE(error.name(), std::string("SyntaxError"));
    }

    void unknown_stream_exceptions_and_error_messages_are_plain_errors() {
        // getMessageUnmarshaller: an unknown exception is Error(body) named after its type; an
        // error message is Error(:error-message || "UnknownError") named :error-code.
        ProviderError error = bedrock_stream_exception(stream_message(
            {{":message-type", "exception"}, {":exception-type", "fooException"}}, "raw text"));
        QCOMPARE(json_of(error), QStringLiteral(R"({"name":"Error","message":"raw text",)"
                                                R"("error_name":"fooException"})"));
        error = bedrock_stream_exception(stream_message({{":message-type", "error"},
                                                         {":error-code", "InternalFailure"},
                                                         {":error-message", "x"}},
                                                        ""));
        QCOMPARE(js_error_name(error), std::string("InternalFailure"));
        QCOMPARE(error.message(), std::string("x"));
        error = bedrock_stream_exception(
            stream_message({{":message-type", "error"}, {":error-code", "Error"}}, "body"));
        QCOMPARE(json_of(error), QStringLiteral(R"({"name":"Error","message":"UnknownError"})"));
    }

    void transport_failures_are_node_http2_errors() {
        using Kind = TransportError::Kind;
        ProviderError error =
            node_http2_error(TransportError(Kind::ConnectionRefused, "refused", "127.0.0.1:9"));
        QCOMPARE(json_of(error), QStringLiteral(R"({"name":"Error","message":)"
                                                R"("connect ECONNREFUSED 127.0.0.1:9",)"
                                                R"("code":"ECONNREFUSED"})"));
        QCOMPARE(aws_retry_error_type(error), std::string("TRANSIENT"));
        error = node_http2_error(TransportError(Kind::HostNotFound, "", "nowhere.invalid:443"));
        QCOMPARE(error.message(), std::string("getaddrinfo ENOTFOUND nowhere.invalid"));
        QCOMPARE(error.code.as_string(), std::string("ENOTFOUND"));
        QCOMPARE(aws_retry_error_type(error), std::string("TRANSIENT"));
        error = node_http2_error(TransportError(Kind::ClosedBeforeResponse, "", "h:1"));
        QCOMPARE(error.message(), std::string("socket hang up"));
        QCOMPARE(error.code.as_string(), std::string("ECONNRESET"));
        error = node_http2_error(TransportError(Kind::ClosedMidBody, "", "h:1"));
        QCOMPARE(error.message(), std::string("Premature close"));
        QCOMPARE(error.code.as_string(), std::string("ERR_STREAM_PREMATURE_CLOSE"));
        QCOMPARE(aws_retry_error_type(error), std::string("CLIENT_ERROR"));
        error = node_http2_error(TransportError(Kind::Timeout, "", "h:1"));
        QCOMPARE(json_of(error), QStringLiteral(R"({"name":"Error","message":"Request aborted",)"
                                                R"("error_name":"AbortError"})"));
        error = node_http2_error(TransportError(Kind::Tls, "handshake failed", "h:1"));
        QCOMPARE(json_of(error),
                 QStringLiteral(R"({"name":"Error","message":"handshake failed"})"));
    }

    void retry_error_types_follow_service_error_classification() {
        QCOMPARE(aws_retry_error_type(ProviderError("RequestLimitExceeded", "m")),
                 std::string("THROTTLING"));
        QCOMPARE(aws_retry_error_type(with_extra("Error", R"({"error_name":"SlowDown"})")),
                 std::string("THROTTLING"));
        QCOMPARE(aws_retry_error_type(ProviderError("TimeoutError", "m")),
                 std::string("TRANSIENT"));
        QCOMPARE(aws_retry_error_type(
                     with_extra("Error", R"({"$metadata":{"clockSkewCorrected":true}})")),
                 std::string("TRANSIENT"));
        QCOMPARE(
            aws_retry_error_type(with_extra("Error", R"({"$metadata":{"httpStatusCode":504}})")),
            std::string("TRANSIENT"));
        QCOMPARE(
            aws_retry_error_type(with_extra("Error", R"({"$metadata":{"httpStatusCode":501}})")),
            std::string("SERVER_ERROR"));
        QCOMPARE(
            aws_retry_error_type(with_extra("Error", R"({"$metadata":{"httpStatusCode":599}})")),
            std::string("SERVER_ERROR"));
        QCOMPARE(
            aws_retry_error_type(with_extra("Error", R"({"$metadata":{"httpStatusCode":408}})")),
            std::string("CLIENT_ERROR"));
        ProviderError piped("Error", "write EPIPE");
        piped.code = OrderedJson::string("EPIPE");
        QCOMPARE(aws_retry_error_type(piped), std::string("TRANSIENT"));
        ProviderError other("Error", "m");
        other.code = OrderedJson::string("EACCES");
        QCOMPARE(aws_retry_error_type(other), std::string("CLIENT_ERROR"));
    }
};

QTEST_GUILESS_MAIN(TestBedrockSdkErrors)
#include "test_bedrock_sdk_errors.moc"
