#pragma once

// Prompt inputs from JSON, in the reference's own shapes (camelCase keys, a group entry is
// "read" or ["edit", {"fileRegex": ..., "description": ...}]). Used for the CLI's settings file
// and for custom modes / prompts stored as JSON.

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <string>
#include <vector>

#include "expected.h"
#include "prompt_types.h"

namespace lapce_ai::prompts {

Expected<ModeConfig, std::string> mode_config_from_json(const QJsonObject& object);
Expected<std::vector<ModeConfig>, std::string> mode_configs_from_json(const QJsonArray& array);
Expected<CustomModePrompts, std::string> custom_mode_prompts_from_json(const QJsonObject& object);
Expected<PromptComponent, std::string> prompt_component_from_json(const QJsonObject& object);
Expected<Experiments, std::string> experiments_from_json(const QJsonObject& object);
// Missing keys keep the reference's defaults (5 / true / true / false).
Expected<SystemPromptSettings, std::string> settings_from_json(const QJsonObject& object);

}  // namespace lapce_ai::prompts
