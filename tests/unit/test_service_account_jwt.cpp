// The Vertex service-account flow: the token request of every golden Vertex case is reproduced
// byte for byte (RS256 with PKCS#1 v1.5 is deterministic), and the library's messages.

#include <QDir>
#include <QFile>
#include <QTest>

#include "golden_case.h"
#include "ordered_json.h"
#include "service_account_jwt.h"

using namespace lapce_ai::providers;
using lapce_ai::json::OrderedJson;

namespace {

std::optional<OrderedJson> read_json(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return std::nullopt;
    auto parsed = lapce_ai::json::parse_ordered_json(file.readAll().toStdString());
    if (!parsed) return std::nullopt;
    return *parsed;
}

std::string error_of(const std::function<void()>& call) {
    try {
        call();
    } catch (const ProviderError& error) {
        return error.message();
    }
    return "no error";
}

OrderedJson parse(std::string_view text) {
    return *lapce_ai::json::parse_ordered_json(text);
}

}  // namespace

class TestServiceAccountJwt : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void every_golden_token_request_is_reproduced();
    void claims_keep_gtoken_key_order();
    void form_body_is_encoded_like_querystring();
    void missing_fields_report_the_library_messages();
    void unreadable_key_is_an_error();
    void token_response_sets_the_expiry_from_iat();
    void token_errors_are_rewritten_like_gtoken();
};

void TestServiceAccountJwt::every_golden_token_request_is_reproduced() {
    const QString golden = lapce_ai::parity::golden_dir();
    const QDir vertex(golden + QStringLiteral("/providers/vertex"));
    if (golden.isEmpty() || !vertex.exists()) {
        QSKIP("golden data not found: set LAPCE_AI_GOLDEN_DIR");
    }
    int token_requests = 0;
    for (const QString& file : vertex.entryList({QStringLiteral("*.json")}, QDir::Files)) {
        const auto golden_case = read_json(vertex.filePath(file));
        QVERIFY2(golden_case.has_value(), qPrintable(file));
        const OrderedJson* json_credentials =
            golden_case->find("settings")->find("vertexJsonCredentials");
        if (json_credentials == nullptr) continue;
        const QDateTime clock = QDateTime::fromString(
            QString::fromStdString(golden_case->find("pinned_env")->find("clock")->as_string()),
            Qt::ISODateWithMs);
        const std::int64_t iat = clock.toMSecsSinceEpoch() / 1000;
        const ServiceAccountCredentials credentials =
            service_account_from_json(parse(json_credentials->as_string()));
        for (const OrderedJson& recorded : golden_case->find("requests")->items()) {
            if (recorded.find("path")->as_string() != "/oauth2/v4/token") continue;
            const std::string assertion =
                service_account_assertion(credentials, kCloudPlatformScope, iat);
            QCOMPARE(token_request_body(assertion).toStdString(),
                     recorded.find("body")->as_string());
            QCOMPARE(recorded.find("method")->as_string(), std::string("POST"));
            QCOMPARE(recorded.find("headers")->find("content-type")->as_string(),
                     std::string("application/x-www-form-urlencoded"));
            ++token_requests;
        }
    }
    QVERIFY(token_requests >= 3);
}

void TestServiceAccountJwt::claims_keep_gtoken_key_order() {
    const ServiceAccountCredentials credentials{"sa@p.iam.gserviceaccount.com", "", {}, {}};
    QCOMPARE(lapce_ai::json::json_stringify(
                 service_account_jwt_claims(credentials, kCloudPlatformScope, 1759239660)),
             std::string(R"({"iss":"sa@p.iam.gserviceaccount.com",)"
                         R"("scope":"https://www.googleapis.com/auth/cloud-platform",)"
                         R"("aud":"https://www.googleapis.com/oauth2/v4/token",)"
                         R"("exp":1759243260,"iat":1759239660})"));
}

void TestServiceAccountJwt::form_body_is_encoded_like_querystring() {
    QCOMPARE(token_request_body("a.b-c_d").toStdString(),
             std::string("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer"
                         "&assertion=a.b-c_d"));
    const std::string body = token_request_body("x y+z*'()!~").toStdString();
    QCOMPARE(body.substr(body.find('&')), std::string("&assertion=x%20y%2Bz*'()!~"));
}

void TestServiceAccountJwt::missing_fields_report_the_library_messages() {
    QCOMPARE(error_of([] { service_account_from_json(parse(R"({"private_key":"k"})")); }),
             std::string("The incoming JSON object does not contain a client_email field"));
    QCOMPARE(error_of([] { service_account_from_json(parse(R"({"client_email":"e"})")); }),
             std::string("The incoming JSON object does not contain a private_key field"));
    const auto credentials = service_account_from_json(
        parse(R"({"client_email":"e","private_key":"k","private_key_id":"id","project_id":"p"})"));
    QCOMPARE(credentials.private_key_id, std::optional<std::string>("id"));
    QCOMPARE(credentials.project_id, std::optional<std::string>("p"));
}

void TestServiceAccountJwt::unreadable_key_is_an_error() {
    const ServiceAccountCredentials credentials{"e", "-----BEGIN PRIVATE KEY-----\nnope\n", {}, {}};
    QVERIFY(error_of([&] { service_account_assertion(credentials, kCloudPlatformScope, 0); }) !=
            "no error");
}

void TestServiceAccountJwt::token_response_sets_the_expiry_from_iat() {
    const GoogleAccessToken token = parse_token_response(
        parse(R"({"access_token":"ya29.x","expires_in":3599,"token_type":"Bearer"})"), 1000);
    QCOMPARE(token.access_token, std::string("ya29.x"));
    QCOMPARE(token.expires_at_ms, std::optional<std::int64_t>(4599000));
    QCOMPARE(parse_token_response(parse(R"({"access_token":"t"})"), 1000).expires_at_ms,
             std::optional<std::int64_t>());
}

void TestServiceAccountJwt::token_errors_are_rewritten_like_gtoken() {
    QCOMPARE(token_error_message(
                 parse(R"({"error":"invalid_grant","error_description":"Invalid JWT Signature."})"),
                 "Request failed with status code 400"),
             std::string("invalid_grant: Invalid JWT Signature."));
    QCOMPARE(token_error_message(parse(R"({"error":"invalid_client"})"), "x"),
             std::string("invalid_client"));
    QCOMPARE(token_error_message(parse(R"({"message":"other"})"), "kept"), std::string("kept"));
}

QTEST_GUILESS_MAIN(TestServiceAccountJwt)
#include "test_service_account_jwt.moc"
