#include "genai_stream.h"

#include <cctype>
#include <cmath>
#include <limits>

#include "fetch_errors.h"
#include "js_json_parse.h"
#include "js_string.h"

namespace lapce_ai::providers {

using json::OrderedJson;

namespace {

// TextDecoder.decode of one piece: invalid sequences become U+FFFD.
std::string decode_utf8(std::string_view bytes) {
    if (json::is_well_formed_utf8(bytes)) return std::string(bytes);
    return json::wtf8_from_js_string(json::js_string_from_utf8(bytes));
}

// Number(value) for the relational comparisons of `code >= 400`.
double js_to_number(const OrderedJson* value) {
    constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
    if (value == nullptr) return kNaN;
    switch (value->type()) {
        case OrderedJson::Type::Null:
            return 0;
        case OrderedJson::Type::Boolean:
            return value->as_bool() ? 1 : 0;
        case OrderedJson::Type::Number:
            return value->as_number();
        case OrderedJson::Type::Object:
            return kNaN;
        case OrderedJson::Type::String:
        case OrderedJson::Type::Array: {
            const std::string text =
                value->is_string() ? value->as_string() : json::js_to_string(*value);
            std::string_view trimmed = text;
            while (!trimmed.empty() && std::isspace(static_cast<unsigned char>(trimmed.front())))
                trimmed.remove_prefix(1);
            while (!trimmed.empty() && std::isspace(static_cast<unsigned char>(trimmed.back())))
                trimmed.remove_suffix(1);
            if (trimmed.empty()) return 0;
            auto parsed = json::parse_ordered_json(trimmed);
            if (!parsed || parsed->type() != OrderedJson::Type::Number) {
                if (trimmed == "Infinity" || trimmed == "+Infinity")
                    return std::numeric_limits<double>::infinity();
                if (trimmed == "-Infinity") return -std::numeric_limits<double>::infinity();
                return kNaN;
            }
            return parsed->as_number();
        }
    }
    return kNaN;
}

}  // namespace

GenaiResponseStream::GenaiResponseStream(std::unique_ptr<HttpResponse> response)
    : response_(std::move(response)) {}

void GenaiResponseStream::check_read_for_error(const QByteArray& read) const {
    auto parsed = json::js_json_parse(decode_utf8(std::string_view(read.data(), read.size())));
    if (!parsed || !parsed->is_object()) return;  // `'error' in chunkJson` throws or is false
    const OrderedJson* error = parsed->find("error");
    if (error == nullptr || error->is_null()) return;  // errorJson['status'] on null throws
    const OrderedJson* status = error->is_object() ? error->find("status") : nullptr;
    const double code = js_to_number(error->is_object() ? error->find("code") : nullptr);
    const std::string message =
        "got status: " + (status != nullptr ? json::js_to_string(*status) : "undefined") + ". " +
        json::json_stringify(*parsed);
    if (code >= 400 && code < 500) throw ProviderError("ClientError", message);
    if (code >= 500 && code < 600) throw ProviderError("ServerError", message);
}

Task<std::optional<OrderedJson>> GenaiResponseStream::next() {
    for (;;) {
        if (!payloads_.empty()) {
            const std::string payload = decode_utf8(payloads_.front());
            payloads_.pop_front();
            auto parsed = json::js_json_parse(payload);
            if (!parsed) throw ProviderError("SyntaxError", parsed.error());
            co_return parsed->is_object() ? std::move(*parsed) : OrderedJson::object({});
        }
        if (pending_error_) throw *pending_error_;
        if (ended_) co_return std::nullopt;

        std::optional<QByteArray> read;
        std::optional<ProviderError> failure;
        try {
            read = co_await response_->read_some();
        } catch (const TransportError& error) {
            failure = undici_fetch_error(error);
        }
        if (failure) throw *failure;
        if (!read) {
            ended_ = true;
            if (!reader_.finish())
                throw ProviderError("Error", "Incomplete JSON segment at the end");
            continue;
        }
        check_read_for_error(*read);
        auto fed =
            reader_.feed(std::string_view(read->data(), static_cast<std::size_t>(read->size())),
                         [this](std::string_view payload) { payloads_.emplace_back(payload); });
        if (!fed) pending_error_ = ProviderError("Error", fed.error().message());
    }
}

}  // namespace lapce_ai::providers
