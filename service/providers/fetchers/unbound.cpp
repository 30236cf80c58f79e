#include "unbound.h"

#include <cmath>

#include <QString>

#include "axios_get.h"
#include "cost.h"
#include "json_access.h"

namespace lapce_ai::providers {

using json::OrderedJson;

namespace {

std::string string_of(const OrderedJson& value) {
    return value.is_string() ? value.as_string() : json::js_to_string(value);
}

// parseInt(value) (decimal, or hexadecimal after "0x") as a JSON number; NaN prints as null.
OrderedJson parse_int(const OrderedJson& value) {
    const QString text = QString::fromStdString(string_of(value)).trimmed();
    qsizetype at = 0;
    bool negative = false;
    if (at < text.size() && (text[at] == QLatin1Char('+') || text[at] == QLatin1Char('-')))
        negative = text[at++] == QLatin1Char('-');
    int radix = 10;
    if (text.mid(at, 2).compare(QLatin1String("0x"), Qt::CaseInsensitive) == 0) {
        radix = 16;
        at += 2;
    }
    double result = 0;
    bool any = false;
    const auto digit_value = [](QChar c) {
        if (c >= QLatin1Char('0') && c <= QLatin1Char('9')) return c.unicode() - '0';
        if (c >= QLatin1Char('a') && c <= QLatin1Char('z')) return c.unicode() - 'a' + 10;
        if (c >= QLatin1Char('A') && c <= QLatin1Char('Z')) return c.unicode() - 'A' + 10;
        return 99;
    };
    for (; at < text.size() && digit_value(text[at]) < radix; ++at) {
        result = result * radix + digit_value(text[at]);
        any = true;
    }
    if (!any) return OrderedJson::number(std::nan(""));
    return OrderedJson::number(negative ? -result : result);
}

// parseFloat(value)
OrderedJson parse_float(const OrderedJson& value) {
    return OrderedJson::number(js_parse_float(string_of(value)));
}

// `model?.x ?? fallback`
OrderedJson flag_or_false(const OrderedJson* value) {
    return value != nullptr && !value->is_null() ? *value : OrderedJson::boolean(false);
}

}  // namespace

Task<ModelRecord> get_unbound_models(HttpClient& http, std::optional<std::string> api_key) {
    ModelRecord models;
    AxiosGetOptions options;
    if (api_key && !api_key->empty())
        options.headers.emplace_back("Authorization", "Bearer " + *api_key);
    OrderedJson raw_models;
    std::optional<std::string> failure;
    try {
        raw_models = co_await axios_get(http, "https://api.getunbound.ai/models", options);
    } catch (const ProviderError& error) {
        failure = error.message();
    }
    if (failure) throw ProviderError("Error", "Failed to fetch Unbound models: " + *failure);
    if (!js_truthy(&raw_models)) co_return models;

    // Object.entries(response.data)
    if (!raw_models.is_object()) co_return models;
    for (const json::OrderedJsonMember& entry : raw_models.members()) {
        const OrderedJson* model = &entry.value;
        const auto present = [&](const char* key) { return js_truthy(js_get(model, key)); };
        ModelInfo info;
        if (present("maxTokens")) info.set("maxTokens", parse_int(*js_get(model, "maxTokens")));
        info.set("contextWindow", present("contextWindow")
                                      ? parse_int(*js_get(model, "contextWindow"))
                                      : OrderedJson::number(0));
        info.set("supportsImages", flag_or_false(js_get(model, "supportsImages")));
        info.set("supportsPromptCache", flag_or_false(js_get(model, "supportsPromptCaching")));
        info.set("supportsComputerUse", flag_or_false(js_get(model, "supportsComputerUse")));
        if (present("inputTokenPrice"))
            info.set("inputPrice", parse_float(*js_get(model, "inputTokenPrice")));
        if (present("outputTokenPrice"))
            info.set("outputPrice", parse_float(*js_get(model, "outputTokenPrice")));
        if (present("cacheWritePrice"))
            info.set("cacheWritesPrice", parse_float(*js_get(model, "cacheWritePrice")));
        if (present("cacheReadPrice"))
            info.set("cacheReadsPrice", parse_float(*js_get(model, "cacheReadPrice")));

        // Anthropic models get 8192 max tokens unless they list 4096.
        if (entry.key.starts_with("anthropic/")) {
            const OrderedJson* max = info.value("maxTokens");
            const bool is_4096 = max != nullptr && max->type() == OrderedJson::Type::Number &&
                                 max->as_number() == 4096;
            if (!is_4096) info.set("maxTokens", OrderedJson::number(8192));
        }
        models[entry.key] = std::move(info);
    }
    co_return models;
}

}  // namespace lapce_ai::providers
