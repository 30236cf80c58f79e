#pragma once

// The service-account flow of google-auth-library 9.15.1 (JWT client) and gtoken 7.1.0 that the
// Vertex handlers run with `vertexJsonCredentials` and the cloud-platform scope: an RS256-signed
// JWT assertion is exchanged for an access token at Google's fixed token URL. (The key file's
// own token_uri is not used, as in gtoken.) Strings are UTF-8.

#include <QByteArray>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "ordered_json.h"
#include "provider_error.h"

namespace lapce_ai::providers {

inline constexpr std::string_view kGoogleTokenUrl = "https://www.googleapis.com/oauth2/v4/token";
inline constexpr std::string_view kCloudPlatformScope =
    "https://www.googleapis.com/auth/cloud-platform";
inline constexpr std::string_view kJwtBearerGrantType =
    "urn:ietf:params:oauth:grant-type:jwt-bearer";

struct ServiceAccountCredentials {
    std::string client_email;
    std::string private_key;  // PEM
    std::optional<std::string> private_key_id;
    std::optional<std::string> project_id;
};

// JWT.fromJSON: throws ProviderError("Error", …) with the library's messages when client_email
// or private_key is missing.
ServiceAccountCredentials service_account_from_json(const json::OrderedJson& json);

// gtoken's requestToken payload, in its key order: {iss, scope, aud, exp: iat + 3600, iat}.
json::OrderedJson service_account_jwt_claims(const ServiceAccountCredentials& credentials,
                                             std::string_view scope, std::int64_t iat_seconds);

// jws.sign({header: {alg: "RS256"}, payload, secret: private_key}): base64url(header) "."
// base64url(payload) "." base64url(RSASSA-PKCS1-v1_5 SHA-256). Throws ProviderError when the key
// cannot be read.
std::string sign_jwt_rs256(const json::OrderedJson& payload, std::string_view private_key_pem);

// The assertion for `now` (seconds since the epoch, Math.floor(Date.now() / 1000)).
std::string service_account_assertion(const ServiceAccountCredentials& credentials,
                                      std::string_view scope, std::int64_t iat_seconds);

// The token request's form body (querystring.stringify({grant_type, assertion})), sent as
// POST kGoogleTokenUrl with content-type application/x-www-form-urlencoded.
QByteArray token_request_body(std::string_view assertion);

struct GoogleAccessToken {
    std::string access_token;
    std::optional<std::int64_t> expires_at_ms;  // (iat + expires_in) * 1000
    json::OrderedJson raw;                      // the token response as received
};
GoogleAccessToken parse_token_response(const json::OrderedJson& body, std::int64_t iat_seconds);

// gtoken's rewrite of a failed token request's message: "<error>: <error_description>" (or
// "<error>") when the response body carries `error`; `message` unchanged otherwise.
std::string token_error_message(const json::OrderedJson& body, std::string message);

}  // namespace lapce_ai::providers
