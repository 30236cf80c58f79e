#include "api_metrics.h"

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace lapce_ai::prompts {
namespace {

bool is_say(const ClineMessage& message, const char* say) {
    return message.type == "say" && message.say && *message.say == say;
}

// The api_req_started text as an object; nullopt when it is not valid JSON. (A JSON value that
// is not an object reads as one without fields, as destructuring it does in the reference.)
std::optional<QJsonObject> parse_request(const std::string& text) {
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(QByteArray::fromStdString(text), &error);
    if (error.error != QJsonParseError::NoError) return std::nullopt;
    return document.object();
}

// `typeof value === "number"`
std::optional<double> number(const QJsonObject& object, const char* key) {
    const QJsonValue value = object.value(QLatin1String(key));
    if (!value.isDouble()) return std::nullopt;
    return value.toDouble();
}

// `value || 0`
double number_or_zero(const QJsonObject& object, const char* key) {
    return number(object, key).value_or(0);
}

}  // namespace

TokenUsage get_api_metrics(const std::vector<ClineMessage>& messages) {
    TokenUsage result;
    for (const ClineMessage& message : messages) {
        if (is_say(message, "api_req_started") && message.text && !message.text->empty()) {
            const auto parsed = parse_request(*message.text);
            if (!parsed) continue;
            if (auto tokens_in = number(*parsed, "tokensIn")) result.total_tokens_in += *tokens_in;
            if (auto tokens_out = number(*parsed, "tokensOut"))
                result.total_tokens_out += *tokens_out;
            if (auto writes = number(*parsed, "cacheWrites"))
                result.total_cache_writes = result.total_cache_writes.value_or(0) + *writes;
            if (auto reads = number(*parsed, "cacheReads"))
                result.total_cache_reads = result.total_cache_reads.value_or(0) + *reads;
            if (auto cost = number(*parsed, "cost")) result.total_cost += *cost;
        } else if (is_say(message, "condense_context")) {
            result.total_cost +=
                message.context_condense ? message.context_condense->cost.value_or(0) : 0;
        }
    }

    // Context tokens come from the last request or condensation that reports any.
    result.context_tokens = 0;
    for (auto it = messages.rbegin(); it != messages.rend(); ++it) {
        const ClineMessage& message = *it;
        if (is_say(message, "api_req_started") && message.text && !message.text->empty()) {
            const auto parsed = parse_request(*message.text);
            if (!parsed) continue;
            const QJsonValue protocol = parsed->value(QLatin1String("apiProtocol"));
            double tokens =
                number_or_zero(*parsed, "tokensIn") + number_or_zero(*parsed, "tokensOut");
            if (protocol.isString() && protocol.toString() == QLatin1String("anthropic"))
                tokens +=
                    number_or_zero(*parsed, "cacheWrites") + number_or_zero(*parsed, "cacheReads");
            result.context_tokens = tokens;
        } else if (is_say(message, "condense_context")) {
            result.context_tokens = message.context_condense
                                        ? message.context_condense->new_context_tokens.value_or(0)
                                        : 0;
        }
        if (result.context_tokens != 0) break;
    }
    return result;
}

}  // namespace lapce_ai::prompts
