#pragma once

// The model tables and named constants of the reference's packages/types/src/providers/*.ts,
// read from resources/providers/models/<file>.json (embedded under :/providers/models/). Each
// file is an object of the module's exports in declaration order: the model tables
// (`anthropicModels`, …), default model ids and infos, and constants such as
// `ANTHROPIC_DEFAULT_MAX_TOKENS` or the `OPEN_ROUTER_*` sets (as arrays). Everything is parsed
// once, on first use, thread-safely, and stays alive for the program's lifetime.

#include <optional>
#include <string>
#include <string_view>

#include "model_info.h"
#include "ordered_json.h"

namespace lapce_ai::providers {

// All exports of one reference file, by its name without ".ts" ("anthropic", "lite-llm");
// an empty object for an unknown file.
const json::OrderedJson& provider_constants(std::string_view file);

// One export by name, as `import { NAME } from "@roo-code/types"` gives it (export names are
// unique across the files); null for an unknown name.
const json::OrderedJson& model_constant(std::string_view name);
// The export as a number or string; std::out_of_range when it is missing or of another type.
double model_constant_number(std::string_view name);
std::string model_constant_string(std::string_view name);
// `SET.has(value)` for an exported Set (or array): false when the name is unknown.
bool model_constant_has(std::string_view set_name, std::string_view value);

// The fixed model table of an apiProvider ("anthropic", "openai-native", "zai", …); "zai" is the
// international table, "zai-mainland" the mainland one. Providers whose models are fetched
// (openrouter, ollama, …) have none: an empty object.
const json::OrderedJson& model_table(std::string_view provider);

// `table[modelId]` of that provider's table (own keys only); nullopt when absent.
std::optional<ModelInfo> find_model_info(std::string_view provider, std::string_view model_id);

// The provider's default model id (`anthropicDefaultModelId`, `openRouterDefaultModelId`, …);
// empty for providers without one (openai, huggingface).
std::string default_model_id(std::string_view provider);

// The default model's info: the table entry of the default id, or the exported
// `…DefaultModelInfo` (`openAiModelInfoSaneDefaults` for openai) of fetched-model providers;
// nullopt when the provider has neither.
std::optional<ModelInfo> default_model_info(std::string_view provider);

}  // namespace lapce_ai::providers
