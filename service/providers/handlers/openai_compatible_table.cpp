#include "openai_compatible_table.h"

#include <vector>

#include "js_access.h"
#include "json_access.h"
#include "model_tables.h"

namespace lapce_ai::providers {

using json::OrderedJson;

namespace {

auto fixed_url(std::string url) {
    return [url = std::move(url)](const ProviderSettings&, const ProviderContext&) { return url; };
}

auto fixed_table(std::string table) {
    return [table = std::move(table)](const ProviderSettings&) { return table; };
}

// zaiApiLineConfigs[zaiApiLine ?? "international_coding"][field]; an unknown line throws V8's
// TypeError as the reference's constructor does.
const OrderedJson* zai_api_line(const ProviderSettings& settings, std::string_view field) {
    const std::string line = settings.string("zaiApiLine").value_or("international_coding");
    return js::get(js_get(&model_constant("zaiApiLineConfigs"), line), field);
}

OpenAiCompatibleProvider groq() {
    OpenAiCompatibleProvider row;
    row.api_provider = "groq";
    row.provider_name = "Groq";
    row.base_url = fixed_url("https://api.groq.com/openai/v1");
    row.api_key_setting = "groqApiKey";
    row.model_table = fixed_table("groq");
    row.default_temperature = 0.5;
    row.usage = UsageMapping::GroqCachedCost;
    return row;
}

OpenAiCompatibleProvider xai() {
    OpenAiCompatibleProvider row;
    row.api_provider = "xai";
    row.provider_name = "xAI";
    row.base_url = fixed_url("https://api.x.ai/v1");
    row.api_key_setting = "xaiApiKey";
    row.api_key_default = "not-provided";
    row.api_key_required = false;
    row.model_table = fixed_table("xai");
    row.default_temperature = 0;  // XAI_DEFAULT_TEMPERATURE
    row.reasoning = ReasoningSource::ReasoningContentTruthy;
    row.usage = UsageMapping::XaiCache;
    row.model_params = true;
    row.wrap_create_errors = true;
    return row;
}

OpenAiCompatibleProvider chutes() {
    OpenAiCompatibleProvider row;
    row.api_provider = "chutes";
    row.provider_name = "Chutes";
    row.base_url = fixed_url("https://llm.chutes.ai/v1");
    row.api_key_setting = "chutesApiKey";
    row.model_table = fixed_table("chutes");
    row.default_temperature = 0.5;
    row.reasoning = ReasoningSource::ThinkTagsForDeepSeekR1;
    return row;
}

OpenAiCompatibleProvider sambanova() {
    OpenAiCompatibleProvider row;
    row.api_provider = "sambanova";
    row.provider_name = "SambaNova";
    row.base_url = fixed_url("https://api.sambanova.ai/v1");
    row.api_key_setting = "sambaNovaApiKey";
    row.model_table = fixed_table("sambanova");
    row.default_temperature = 0.7;
    return row;
}

OpenAiCompatibleProvider zai() {
    OpenAiCompatibleProvider row;
    row.api_provider = "zai";
    row.provider_name = "Z AI";
    row.base_url = [](const ProviderSettings& settings, const ProviderContext&) {
        return js::text_of(zai_api_line(settings, "baseUrl"));
    };
    row.api_key_setting = "zaiApiKey";
    row.api_key_default = "not-provided";
    row.model_table = [](const ProviderSettings& settings) {
        return std::string(js_truthy(zai_api_line(settings, "isChina")) ? "zai-mainland" : "zai");
    };
    row.default_temperature = model_constant_number("ZAI_DEFAULT_TEMPERATURE");
    return row;
}

OpenAiCompatibleProvider fireworks() {
    OpenAiCompatibleProvider row;
    row.api_provider = "fireworks";
    row.provider_name = "Fireworks";
    row.base_url = fixed_url("https://api.fireworks.ai/inference/v1");
    row.api_key_setting = "fireworksApiKey";
    row.model_table = fixed_table("fireworks");
    row.default_temperature = 0.5;
    return row;
}

OpenAiCompatibleProvider io_intelligence() {
    OpenAiCompatibleProvider row;
    row.api_provider = "io-intelligence";
    row.provider_name = "IO Intelligence";
    row.base_url = fixed_url("https://api.intelligence.io.solutions/api/v1");
    row.api_key_setting = "ioIntelligenceApiKey";
    row.missing_key_message = "IO Intelligence API key is required";
    row.model_table = fixed_table("io-intelligence");
    row.model_id_setting = "ioIntelligenceModelId";
    row.model_lookup = ModelLookup::AnyIdDefaultInfo;
    row.default_temperature = 0.7;
    return row;
}

OpenAiCompatibleProvider roo() {
    OpenAiCompatibleProvider row;
    row.api_provider = "roo";
    row.provider_name = "Roo Code Cloud";
    row.base_url = [](const ProviderSettings&, const ProviderContext& context) {
        return context.env("ROO_CODE_PROVIDER_URL").value_or("https://api.roocode.com/proxy/v1");
    };
    row.model_table = fixed_table("roo");
    row.model_lookup = ModelLookup::AnyIdDefaultInfo;
    row.default_temperature = 0.7;
    row.reasoning = ReasoningSource::ReasoningContentString;
    row.task_id_header = true;
    return row;
}

OpenAiCompatibleProvider featherless() {
    OpenAiCompatibleProvider row;
    row.api_provider = "featherless";
    row.provider_name = "Featherless";
    row.base_url = fixed_url("https://api.featherless.ai/v1");
    row.api_key_setting = "featherlessApiKey";
    row.model_table = fixed_table("featherless");
    row.default_temperature = 0.5;
    row.reasoning = ReasoningSource::ThinkTagsForDeepSeekR1;
    return row;
}

}  // namespace

const OpenAiCompatibleProvider* find_openai_compatible_provider(std::string_view api_provider) {
    static const std::vector<OpenAiCompatibleProvider> rows = {
        xai(), groq(),       chutes(), sambanova(), zai(), fireworks(), io_intelligence(),
        roo(), featherless()};
    for (const OpenAiCompatibleProvider& row : rows) {
        if (row.api_provider == api_provider) return &row;
    }
    return nullptr;
}

}  // namespace lapce_ai::providers
