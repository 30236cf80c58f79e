#include "sigv4.h"

#include <QCryptographicHash>
#include <QMessageAuthenticationCode>
#include <QString>
#include <algorithm>

namespace lapce_ai::providers {

namespace {

constexpr std::string_view kAlgorithmIdentifier = "AWS4-HMAC-SHA256";
constexpr std::string_view kAmzDateHeader = "x-amz-date";
constexpr std::string_view kTokenHeader = "x-amz-security-token";
constexpr std::string_view kSha256Header = "x-amz-content-sha256";
constexpr std::string_view kAuthHeader = "authorization";

// ALWAYS_UNSIGNABLE_HEADERS of @smithy/signature-v4
const std::set<std::string, std::less<>>& always_unsignable_headers() {
    static const std::set<std::string, std::less<>> headers = {
        "authorization", "cache-control",     "connection", "expect",     "from",
        "keep-alive",    "max-forwards",      "pragma",     "referer",    "te",
        "trailer",       "transfer-encoding", "upgrade",    "user-agent", "x-amzn-trace-id"};
    return headers;
}

QString qstring(std::string_view text) {
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

std::string js_to_lower_case(std::string_view text) {
    return qstring(text).toLower().toStdString();
}

// Array.prototype.sort's default order: UTF-16 code units.
bool js_less(const std::string& a, const std::string& b) {
    return QString::compare(qstring(a), qstring(b), Qt::CaseSensitive) < 0;
}

bool is_js_space(char16_t u) {
    return u == 0x09 || u == 0x0A || u == 0x0B || u == 0x0C || u == 0x0D || u == 0x20 ||
           u == 0xA0 || u == 0x1680 || (u >= 0x2000 && u <= 0x200A) || u == 0x2028 || u == 0x2029 ||
           u == 0x202F || u == 0x205F || u == 0x3000 || u == 0xFEFF;
}

// value.trim().replace(/\s+/g, " ")
std::string canonical_header_value(std::string_view value) {
    const QString text = qstring(value);
    QString out;
    out.reserve(text.size());
    bool in_space = false;
    for (const QChar c : text) {
        if (is_js_space(c.unicode())) {
            in_space = true;
            continue;
        }
        if (in_space && !out.isEmpty()) out += u' ';
        in_space = false;
        out += c;
    }
    return out.toStdString();
}

std::string to_hex(const QByteArray& bytes) {
    return bytes.toHex().toStdString();
}

QByteArray bytes_of(std::string_view text) {
    return QByteArray(text.data(), static_cast<qsizetype>(text.size()));
}

QByteArray hmac(const QByteArray& key, std::string_view data) {
    return QMessageAuthenticationCode::hash(bytes_of(data), key, QCryptographicHash::Sha256);
}

std::string sha256_hex(const QByteArray& data) {
    return to_hex(QCryptographicHash::hash(data, QCryptographicHash::Sha256));
}

bool has_header(std::string_view sought, const HttpHeaders& headers) {
    const std::string lower = js_to_lower_case(sought);
    return std::any_of(headers.begin(), headers.end(), [&](const HttpHeader& header) {
        return js_to_lower_case(header.name) == lower;
    });
}

// headers[name] = value on a JavaScript object
void set_header(HttpHeaders& headers, std::string_view name, std::string value) {
    for (auto& header : headers) {
        if (header.name == name) {
            header.value = std::move(value);
            return;
        }
    }
    headers.push_back(HttpHeader{std::string(name), std::move(value)});
}

std::string decode_uri_component(std::string_view text) {
    return QByteArray::fromPercentEncoding(bytes_of(text)).toStdString();
}

}  // namespace

std::string escape_uri(std::string_view text) {
    // encodeURIComponent leaves A-Z a-z 0-9 - _ . ! ~ * ' ( ); escapeUri then encodes !'()*.
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size());
    for (const char raw : text) {
        const auto c = static_cast<unsigned char>(raw);
        const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                                (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
                                c == '~';
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

std::string get_canonical_path(std::string_view path, bool uri_escape_path) {
    if (!uri_escape_path) return std::string(path);
    std::vector<std::string_view> segments;
    std::size_t start = 0;
    while (start <= path.size()) {
        const std::size_t slash = std::min(path.find('/', start), path.size());
        const std::string_view segment = path.substr(start, slash - start);
        if (segment == "..") {
            if (!segments.empty()) segments.pop_back();
        } else if (!segment.empty() && segment != ".") {
            segments.push_back(segment);
        }
        start = slash + 1;
    }
    std::string normalized = path.starts_with('/') ? "/" : "";
    for (std::size_t i = 0; i < segments.size(); ++i) {
        if (i > 0) normalized += '/';
        normalized += segments[i];
    }
    if (!segments.empty() && path.ends_with('/')) normalized += '/';
    std::string escaped = escape_uri(normalized);
    std::string out;
    out.reserve(escaped.size());
    for (std::size_t i = 0; i < escaped.size(); ++i) {
        if (escaped.compare(i, 3, "%2F") == 0) {
            out += '/';
            i += 2;
        } else {
            out += escaped[i];
        }
    }
    return out;
}

std::string get_canonical_query(const SigV4Query& query) {
    std::vector<std::string> keys;
    std::vector<std::pair<std::string, std::string>> serialized;  // encoded key → text
    auto set_serialized = [&](const std::string& key, std::string text) {
        for (auto& [existing, value] : serialized) {
            if (existing == key) {
                value = std::move(text);
                return;
            }
        }
        serialized.emplace_back(key, std::move(text));
    };
    for (const auto& [key, value] : query) {
        if (js_to_lower_case(key) == "x-amz-signature") continue;
        const std::string encoded_key = escape_uri(key);
        keys.push_back(encoded_key);
        if (const auto* text = std::get_if<std::string>(&value)) {
            set_serialized(encoded_key, encoded_key + "=" + escape_uri(*text));
        } else if (const auto* list = std::get_if<std::vector<std::string>>(&value)) {
            std::vector<std::string> pairs;
            for (const auto& item : *list) pairs.push_back(encoded_key + "=" + escape_uri(item));
            std::sort(pairs.begin(), pairs.end(), js_less);
            std::string joined;
            for (std::size_t i = 0; i < pairs.size(); ++i) {
                if (i > 0) joined += '&';
                joined += pairs[i];
            }
            set_serialized(encoded_key, joined);
        }
    }
    std::stable_sort(keys.begin(), keys.end(), js_less);
    std::string out;
    for (const auto& key : keys) {
        const auto it = std::find_if(serialized.begin(), serialized.end(),
                                     [&](const auto& entry) { return entry.first == key; });
        if (it == serialized.end() || it->second.empty()) continue;
        if (!out.empty()) out += '&';
        out += it->second;
    }
    return out;
}

std::vector<std::pair<std::string, std::string>> get_canonical_headers(
    const HttpHeaders& headers, const std::set<std::string>& unsignable_headers,
    const std::set<std::string>& signable_headers) {
    std::vector<const HttpHeader*> sorted;
    for (const auto& header : headers) sorted.push_back(&header);
    std::stable_sort(sorted.begin(), sorted.end(), [](const HttpHeader* a, const HttpHeader* b) {
        return js_less(a->name, b->name);
    });
    std::vector<std::pair<std::string, std::string>> canonical;
    for (const HttpHeader* header : sorted) {
        const std::string name = js_to_lower_case(header->name);
        const bool unsignable = always_unsignable_headers().contains(name) ||
                                unsignable_headers.contains(name) || name.starts_with("proxy-") ||
                                name.starts_with("sec-");
        if (unsignable && !signable_headers.contains(name)) continue;
        std::string value = canonical_header_value(header->value);
        const auto existing = std::find_if(canonical.begin(), canonical.end(),
                                           [&](const auto& entry) { return entry.first == name; });
        if (existing != canonical.end()) {
            existing->second = std::move(value);
        } else {
            canonical.emplace_back(name, std::move(value));
        }
    }
    std::stable_sort(canonical.begin(), canonical.end(),
                     [](const auto& a, const auto& b) { return js_less(a.first, b.first); });
    return canonical;
}

std::string get_payload_hash(const HttpHeaders& headers, const std::optional<QByteArray>& body) {
    for (const auto& header : headers) {
        if (js_to_lower_case(header.name) == kSha256Header) return header.value;
    }
    return sha256_hex(body.value_or(QByteArray()));
}

std::string create_canonical_request(
    const SigV4Request& request,
    const std::vector<std::pair<std::string, std::string>>& canonical_headers,
    std::string_view payload_hash, bool uri_escape_path) {
    std::string header_lines;
    std::string signed_headers;
    for (std::size_t i = 0; i < canonical_headers.size(); ++i) {
        if (i > 0) {
            header_lines += '\n';
            signed_headers += ';';
        }
        header_lines += canonical_headers[i].first + ":" + canonical_headers[i].second;
        signed_headers += canonical_headers[i].first;
    }
    return request.method + "\n" + get_canonical_path(request.path, uri_escape_path) + "\n" +
           get_canonical_query(request.query) + "\n" + header_lines + "\n\n" + signed_headers +
           "\n" + std::string(payload_hash);
}

QByteArray get_signing_key(const AwsCredentials& credentials, std::string_view short_date,
                           std::string_view region, std::string_view service) {
    QByteArray key = bytes_of("AWS4" + credentials.secret_access_key);
    for (const std::string_view signable :
         {short_date, region, service, std::string_view("aws4_request")}) {
        key = hmac(key, signable);
    }
    return key;
}

std::pair<std::string, std::string> format_date(const QDateTime& now) {
    const std::string long_date =
        now.toUTC().toString(QStringLiteral("yyyyMMdd'T'HHmmss'Z'")).toStdString();
    return {long_date, long_date.substr(0, 8)};
}

HttpHeaders sign_request(const SigV4Request& request_to_sign, const AwsCredentials& credentials,
                         const SigV4Options& options) {
    // prepareRequest: drop the headers the signer generates
    SigV4Request request = request_to_sign;
    std::erase_if(request.headers, [](const HttpHeader& header) {
        const std::string name = js_to_lower_case(header.name);
        return name == kAuthHeader || name == kAmzDateHeader || name == "date";
    });
    const auto [long_date, short_date] = format_date(options.signing_date);
    const std::string scope =
        short_date + "/" + options.region + "/" + options.service + "/aws4_request";
    set_header(request.headers, kAmzDateHeader, long_date);
    if (credentials.session_token && !credentials.session_token->empty()) {
        set_header(request.headers, kTokenHeader, *credentials.session_token);
    }
    const std::string payload_hash = get_payload_hash(request.headers, request.body);
    if (!has_header(kSha256Header, request.headers) && options.apply_checksum) {
        set_header(request.headers, kSha256Header, payload_hash);
    }
    const auto canonical_headers = get_canonical_headers(
        request.headers, options.unsignable_headers, options.signable_headers);
    const std::string canonical_request =
        create_canonical_request(request, canonical_headers, payload_hash, options.uri_escape_path);
    const std::string string_to_sign = std::string(kAlgorithmIdentifier) + "\n" + long_date + "\n" +
                                       scope + "\n" + sha256_hex(bytes_of(canonical_request));
    const QByteArray key =
        get_signing_key(credentials, short_date, options.region, options.service);
    const std::string signature = to_hex(hmac(key, string_to_sign));
    std::string signed_headers;
    for (const auto& [name, value] : canonical_headers) {
        if (!signed_headers.empty()) signed_headers += ';';
        signed_headers += name;
    }
    set_header(request.headers, kAuthHeader,
               std::string(kAlgorithmIdentifier) + " Credential=" + credentials.access_key_id +
                   "/" + scope + ", SignedHeaders=" + signed_headers + ", Signature=" + signature);
    return request.headers;
}

SigV4Query parse_query_string(std::string_view querystring) {
    SigV4Query query;
    if (querystring.starts_with('?')) querystring.remove_prefix(1);
    if (querystring.empty()) return query;
    std::size_t start = 0;
    while (start <= querystring.size()) {
        const std::size_t amp = std::min(querystring.find('&', start), querystring.size());
        const std::string_view pair = querystring.substr(start, amp - start);
        start = amp + 1;
        // `let [key, value = null] = pair.split("=")`: a second "=" ends the value
        const std::size_t equals = pair.find('=');
        const std::string key = decode_uri_component(pair.substr(0, equals));
        SigV4QueryValue value;
        if (equals != std::string_view::npos) {
            std::string_view raw = pair.substr(equals + 1);
            raw = raw.substr(0, raw.find('='));
            value = raw.empty() ? std::string() : decode_uri_component(raw);
        }
        auto existing = std::find_if(query.begin(), query.end(),
                                     [&](const auto& entry) { return entry.first == key; });
        if (existing == query.end()) {
            query.emplace_back(key, std::move(value));
            continue;
        }
        // A null joins a list as "" would not: getCanonicalQuery's `escapeUri(null)` is "null".
        auto as_text = [](const SigV4QueryValue& v) {
            if (const auto* text = std::get_if<std::string>(&v)) return *text;
            return std::string("null");
        };
        if (auto* list = std::get_if<std::vector<std::string>>(&existing->second)) {
            list->push_back(as_text(value));
        } else {
            existing->second = std::vector<std::string>{as_text(existing->second), as_text(value)};
        }
    }
    return query;
}

SigV4Request sigv4_request_from_url(std::string method, std::string_view path_and_query,
                                    HttpHeaders headers, std::optional<QByteArray> body) {
    const std::size_t question = path_and_query.find('?');
    SigV4Request request;
    request.method = std::move(method);
    request.path = std::string(path_and_query.substr(0, question));
    if (question != std::string_view::npos) {
        request.query = parse_query_string(path_and_query.substr(question));
    }
    request.headers = std::move(headers);
    request.body = std::move(body);
    return request;
}

}  // namespace lapce_ai::providers
