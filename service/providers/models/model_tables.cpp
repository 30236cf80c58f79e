#include "model_tables.h"

#include <QDir>
#include <QFile>
#include <QString>
#include <array>
#include <map>
#include <stdexcept>
#include <vector>

namespace lapce_ai::providers {
namespace {

using json::OrderedJson;

struct ProviderExports {
    std::string_view provider;
    std::string_view models;              // the fixed table, empty when fetched
    std::string_view default_model_id;    // empty when none
    std::string_view default_model_info;  // for fetched-model providers
};

// Which exports each handler imports as its table, default id and default info.
constexpr std::array<ProviderExports, 32> provider_exports{{
    {"anthropic", "anthropicModels", "anthropicDefaultModelId", ""},
    {"bedrock", "bedrockModels", "bedrockDefaultModelId", ""},
    {"cerebras", "cerebrasModels", "cerebrasDefaultModelId", ""},
    {"chutes", "chutesModels", "chutesDefaultModelId", ""},
    {"deepinfra", "", "deepInfraDefaultModelId", "deepInfraDefaultModelInfo"},
    {"deepseek", "deepSeekModels", "deepSeekDefaultModelId", ""},
    {"doubao", "doubaoModels", "doubaoDefaultModelId", ""},
    {"featherless", "featherlessModels", "featherlessDefaultModelId", ""},
    {"fireworks", "fireworksModels", "fireworksDefaultModelId", ""},
    {"gemini", "geminiModels", "geminiDefaultModelId", ""},
    {"glama", "", "glamaDefaultModelId", "glamaDefaultModelInfo"},
    {"groq", "groqModels", "groqDefaultModelId", ""},
    {"huggingface", "", "", ""},
    {"io-intelligence", "ioIntelligenceModels", "ioIntelligenceDefaultModelId", ""},
    {"litellm", "", "litellmDefaultModelId", "litellmDefaultModelInfo"},
    {"lmstudio", "", "lMStudioDefaultModelId", "lMStudioDefaultModelInfo"},
    {"mistral", "mistralModels", "mistralDefaultModelId", ""},
    {"moonshot", "moonshotModels", "moonshotDefaultModelId", ""},
    {"ollama", "", "ollamaDefaultModelId", "ollamaDefaultModelInfo"},
    {"openai", "", "", "openAiModelInfoSaneDefaults"},
    {"openai-native", "openAiNativeModels", "openAiNativeDefaultModelId", ""},
    {"openrouter", "", "openRouterDefaultModelId", "openRouterDefaultModelInfo"},
    {"qwen-code", "qwenCodeModels", "qwenCodeDefaultModelId", ""},
    {"requesty", "", "requestyDefaultModelId", "requestyDefaultModelInfo"},
    {"roo", "rooModels", "rooDefaultModelId", ""},
    {"sambanova", "sambaNovaModels", "sambaNovaDefaultModelId", ""},
    {"unbound", "", "unboundDefaultModelId", "unboundDefaultModelInfo"},
    {"vercel-ai-gateway", "", "vercelAiGatewayDefaultModelId", "vercelAiGatewayDefaultModelInfo"},
    {"vertex", "vertexModels", "vertexDefaultModelId", ""},
    {"xai", "xaiModels", "xaiDefaultModelId", ""},
    {"zai", "internationalZAiModels", "internationalZAiDefaultModelId", ""},
    {"zai-mainland", "mainlandZAiModels", "mainlandZAiDefaultModelId", ""},
}};

const ProviderExports* find_provider(std::string_view provider) {
    for (const ProviderExports& entry : provider_exports) {
        if (entry.provider == provider) return &entry;
    }
    return nullptr;
}

const OrderedJson& null_value() {
    static const OrderedJson value;
    return value;
}

const OrderedJson& empty_object() {
    static const OrderedJson value = OrderedJson::object({});
    return value;
}

struct Tables {
    std::map<std::string, OrderedJson, std::less<>> files;
    std::map<std::string, const OrderedJson*, std::less<>> exports;
};

OrderedJson parse_embedded(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        throw std::runtime_error("model tables: cannot read " + path.toStdString());
    }
    const QByteArray bytes = file.readAll();
    auto parsed =
        json::parse_ordered_json(std::string_view(bytes.constData(), std::size_t(bytes.size())));
    if (!parsed || !parsed.value().is_object()) {
        throw std::runtime_error("model tables: " + path.toStdString() + " is not a JSON object");
    }
    return std::move(parsed).value();
}

Tables load_tables() {
    Tables tables;
    const QDir dir(QStringLiteral(":/providers/models"));
    const QStringList names = dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
    for (const QString& name : names) {
        const std::string file = name.chopped(5).toStdString();
        tables.files.emplace(file, parse_embedded(dir.filePath(name)));
    }
    // The file map no longer changes, so pointers into its values stay valid.
    for (const auto& [file, constants] : tables.files) {
        for (const json::OrderedJsonMember& member : constants.members()) {
            tables.exports.emplace(member.key, &member.value);
        }
    }
    return tables;
}

const Tables& tables() {
    static const Tables loaded = load_tables();
    return loaded;
}

}  // namespace

const OrderedJson& provider_constants(std::string_view file) {
    const auto& files = tables().files;
    const auto found = files.find(file);
    return found == files.end() ? empty_object() : found->second;
}

const OrderedJson& model_constant(std::string_view name) {
    const auto& exports = tables().exports;
    const auto found = exports.find(name);
    return found == exports.end() ? null_value() : *found->second;
}

double model_constant_number(std::string_view name) {
    const OrderedJson& value = model_constant(name);
    if (value.type() != OrderedJson::Type::Number) {
        throw std::out_of_range("no numeric model constant " + std::string(name));
    }
    return value.as_number();
}

std::string model_constant_string(std::string_view name) {
    const OrderedJson& value = model_constant(name);
    if (!value.is_string())
        throw std::out_of_range("no string model constant " + std::string(name));
    return value.as_string();
}

bool model_constant_has(std::string_view set_name, std::string_view value) {
    for (const OrderedJson& item : model_constant(set_name).items()) {
        if (item.is_string() && item.as_string() == value) return true;
    }
    return false;
}

const OrderedJson& model_table(std::string_view provider) {
    const ProviderExports* entry = find_provider(provider);
    if (entry == nullptr || entry->models.empty()) return empty_object();
    const OrderedJson& table = model_constant(entry->models);
    return table.is_object() ? table : empty_object();
}

std::optional<ModelInfo> find_model_info(std::string_view provider, std::string_view model_id) {
    const OrderedJson* info = model_table(provider).find(model_id);
    if (info == nullptr) return std::nullopt;
    return ModelInfo(*info);
}

std::string default_model_id(std::string_view provider) {
    const ProviderExports* entry = find_provider(provider);
    if (entry == nullptr || entry->default_model_id.empty()) return {};
    return model_constant_string(entry->default_model_id);
}

std::optional<ModelInfo> default_model_info(std::string_view provider) {
    const ProviderExports* entry = find_provider(provider);
    if (entry == nullptr) return std::nullopt;
    if (!entry->default_model_info.empty())
        return ModelInfo(model_constant(entry->default_model_info));
    if (entry->models.empty()) return std::nullopt;
    return find_model_info(provider, default_model_id(provider));
}

}  // namespace lapce_ai::providers
