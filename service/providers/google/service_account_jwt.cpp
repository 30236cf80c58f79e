#include "service_account_jwt.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <memory>

namespace lapce_ai::providers {

namespace {

std::string base64url(const QByteArray& bytes) {
    return bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals)
        .toStdString();
}

QByteArray bytes_of(std::string_view text) {
    return QByteArray(text.data(), static_cast<qsizetype>(text.size()));
}

std::string openssl_error_text() {
    const unsigned long code = ERR_get_error();
    ERR_clear_error();
    if (code == 0) return "unknown OpenSSL error";
    char text[256] = {};
    ERR_error_string_n(code, text, sizeof text);
    return text;
}

// querystring.escape: encodeURIComponent's unreserved set stays as is.
std::string querystring_escape(std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (const char raw : text) {
        const auto c = static_cast<unsigned char>(raw);
        const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                                (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
                                c == '!' || c == '~' || c == '*' || c == '\'' || c == '(' ||
                                c == ')';
        if (unreserved) {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 0x0F];
        }
    }
    return out;
}

const std::string* string_member(const json::OrderedJson& json, std::string_view key) {
    const json::OrderedJson* value = json.find(key);
    return value != nullptr && value->is_string() ? &value->as_string() : nullptr;
}

bool truthy_member(const json::OrderedJson& json, std::string_view key) {
    const json::OrderedJson* value = json.find(key);
    return value != nullptr && json::js_truthy(*value);
}

}  // namespace

ServiceAccountCredentials service_account_from_json(const json::OrderedJson& json) {
    if (!json.is_object()) {
        throw ProviderError("Error",
                            "Must pass in a JSON object containing the service account auth "
                            "settings.");
    }
    if (!truthy_member(json, "client_email")) {
        throw ProviderError("Error",
                            "The incoming JSON object does not contain a client_email field");
    }
    if (!truthy_member(json, "private_key")) {
        throw ProviderError("Error",
                            "The incoming JSON object does not contain a private_key field");
    }
    ServiceAccountCredentials credentials;
    const auto* email = string_member(json, "client_email");
    const auto* key = string_member(json, "private_key");
    credentials.client_email = email != nullptr ? *email : std::string();
    credentials.private_key = key != nullptr ? *key : std::string();
    if (const auto* id = string_member(json, "private_key_id")) credentials.private_key_id = *id;
    if (const auto* project = string_member(json, "project_id")) credentials.project_id = *project;
    return credentials;
}

json::OrderedJson service_account_jwt_claims(const ServiceAccountCredentials& credentials,
                                             std::string_view scope, std::int64_t iat_seconds) {
    return json::OrderedJson::object({
        {"iss", json::OrderedJson::string(credentials.client_email)},
        {"scope", json::OrderedJson::string(std::string(scope))},
        {"aud", json::OrderedJson::string(std::string(kGoogleTokenUrl))},
        {"exp", json::OrderedJson::number(static_cast<double>(iat_seconds + 3600))},
        {"iat", json::OrderedJson::number(static_cast<double>(iat_seconds))},
    });
}

std::string sign_jwt_rs256(const json::OrderedJson& payload, std::string_view private_key_pem) {
    const std::string signing_input = base64url(bytes_of(R"({"alg":"RS256"})")) + "." +
                                      base64url(bytes_of(json::json_stringify(payload)));

    std::unique_ptr<BIO, decltype(&BIO_free)> bio(
        BIO_new_mem_buf(private_key_pem.data(), static_cast<int>(private_key_pem.size())),
        &BIO_free);
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
        bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr,
        &EVP_PKEY_free);
    if (!key) throw ProviderError("Error", openssl_error_text());

    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(),
                                                                    &EVP_MD_CTX_free);
    std::size_t signature_length = 0;
    const auto* input = reinterpret_cast<const unsigned char*>(signing_input.data());
    if (!context ||
        EVP_DigestSignInit(context.get(), nullptr, EVP_sha256(), nullptr, key.get()) != 1 ||
        EVP_DigestSign(context.get(), nullptr, &signature_length, input, signing_input.size()) !=
            1) {
        throw ProviderError("Error", openssl_error_text());
    }
    QByteArray signature(static_cast<qsizetype>(signature_length), '\0');
    if (EVP_DigestSign(context.get(), reinterpret_cast<unsigned char*>(signature.data()),
                       &signature_length, input, signing_input.size()) != 1) {
        throw ProviderError("Error", openssl_error_text());
    }
    signature.resize(static_cast<qsizetype>(signature_length));
    return signing_input + "." + base64url(signature);
}

std::string service_account_assertion(const ServiceAccountCredentials& credentials,
                                      std::string_view scope, std::int64_t iat_seconds) {
    return sign_jwt_rs256(service_account_jwt_claims(credentials, scope, iat_seconds),
                          credentials.private_key);
}

QByteArray token_request_body(std::string_view assertion) {
    return QByteArray::fromStdString("grant_type=" + querystring_escape(kJwtBearerGrantType) +
                                     "&assertion=" + querystring_escape(assertion));
}

GoogleAccessToken parse_token_response(const json::OrderedJson& body, std::int64_t iat_seconds) {
    GoogleAccessToken token;
    token.raw = body;
    if (const auto* access_token = string_member(body, "access_token")) {
        token.access_token = *access_token;
    }
    const json::OrderedJson* expires_in = body.find("expires_in");
    if (expires_in != nullptr && expires_in->type() == json::OrderedJson::Type::Number) {
        token.expires_at_ms =
            (iat_seconds + static_cast<std::int64_t>(expires_in->as_number())) * 1000;
    }
    return token;
}

std::string token_error_message(const json::OrderedJson& body, std::string message) {
    if (!body.is_object() || !truthy_member(body, "error")) return message;
    const json::OrderedJson* error = body.find("error");
    std::string text = json::js_to_string(*error);
    if (truthy_member(body, "error_description")) {
        text += ": " + json::js_to_string(*body.find("error_description"));
    }
    return text;
}

}  // namespace lapce_ai::providers
