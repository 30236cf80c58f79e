#pragma once

// AWS Signature Version 4 as @smithy/signature-v4 5.1.2 (the version
// @aws-sdk/client-bedrock-runtime 3.848.0 locks) signs a request: SignatureV4.signRequest with the
// default options (applyChecksum and uriEscapePath on). Strings are UTF-8; header and query keys
// keep the semantics of the JavaScript objects they stand for (unique keys, insertion order).

#include <QByteArray>
#include <QDateTime>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "aws_credentials.h"

namespace lapce_ai::providers {

struct HttpHeader {
    std::string name;
    std::string value;
};
using HttpHeaders = std::vector<HttpHeader>;

// A query value as @smithy/querystring-parser gives it: null (`?key` without "="), a string, or
// the list of values of a repeated key.
using SigV4QueryValue = std::variant<std::monostate, std::string, std::vector<std::string>>;
using SigV4Query = std::vector<std::pair<std::string, SigV4QueryValue>>;

struct SigV4Request {
    std::string method;
    std::string path;  // as sent, e.g. "/model/anthropic.claude-v2%3A1/converse-stream"
    SigV4Query query;  // decoded keys and values
    HttpHeaders headers;
    std::optional<QByteArray> body;  // nullopt: no body (hashed as the empty string)
};

struct SigV4Options {
    std::string region;
    std::string service;
    QDateTime signing_date;  // the injectable clock's "now"
    bool apply_checksum = true;
    bool uri_escape_path = true;
    std::set<std::string> unsignable_headers;  // lower-case names
    std::set<std::string> signable_headers;    // lower-case names
};

// signRequest: the request's headers after signing, i.e. without its own authorization,
// x-amz-date and date headers, plus x-amz-date, x-amz-security-token (session credentials),
// x-amz-content-sha256 (applyChecksum) and authorization.
HttpHeaders sign_request(const SigV4Request& request, const AwsCredentials& credentials,
                         const SigV4Options& options);

// A request from a URL's encoded path and query (parseQueryString of @smithy/querystring-parser).
SigV4Request sigv4_request_from_url(std::string method, std::string_view path_and_query,
                                    HttpHeaders headers, std::optional<QByteArray> body);
SigV4Query parse_query_string(std::string_view query);

// The steps, for tests and for callers that need one of them.
std::string escape_uri(std::string_view text);  // encodeURIComponent + !'()*
std::string get_canonical_path(std::string_view path, bool uri_escape_path = true);
std::string get_canonical_query(const SigV4Query& query);
// lower-case name → trimmed value with inner whitespace runs collapsed, sorted by name
std::vector<std::pair<std::string, std::string>> get_canonical_headers(
    const HttpHeaders& headers, const std::set<std::string>& unsignable_headers = {},
    const std::set<std::string>& signable_headers = {});
std::string get_payload_hash(const HttpHeaders& headers, const std::optional<QByteArray>& body);
std::string create_canonical_request(
    const SigV4Request& request,
    const std::vector<std::pair<std::string, std::string>>& canonical_headers,
    std::string_view payload_hash, bool uri_escape_path = true);
QByteArray get_signing_key(const AwsCredentials& credentials, std::string_view short_date,
                           std::string_view region, std::string_view service);
// {longDate "20150830T123600Z", shortDate "20150830"}
std::pair<std::string, std::string> format_date(const QDateTime& now);

}  // namespace lapce_ai::providers
