#include "prompt_json.h"

namespace lapce_ai::prompts {
namespace {

QString key(const char* name) {
    return QString::fromLatin1(name);
}

// An optional string member: absent or null is undefined; anything else must be a string.
Expected<bool, std::string> read_optional_string(const QJsonObject& object, const char* name,
                                                 std::optional<std::string>& out) {
    const QJsonValue value = object.value(key(name));
    if (value.isUndefined() || value.isNull()) return false;
    if (!value.isString()) return unexpected(std::string("'") + name + "' must be a string");
    out = value.toString().toStdString();
    return true;
}

Expected<std::string, std::string> read_required_string(const QJsonObject& object,
                                                        const char* name) {
    const QJsonValue value = object.value(key(name));
    if (!value.isString()) return unexpected(std::string("'") + name + "' must be a string");
    return value.toString().toStdString();
}

Expected<GroupEntry, std::string> group_entry_from_json(const QJsonValue& value) {
    GroupEntry entry;
    if (value.isString()) {
        entry.name = value.toString().toStdString();
        return entry;
    }
    const QJsonArray tuple = value.toArray();
    if (!value.isArray() || tuple.size() != 2 || !tuple.at(0).isString() ||
        !tuple.at(1).isObject()) {
        return unexpected(
            std::string("a group must be a name or [name, {fileRegex, description}]"));
    }
    entry.name = tuple.at(0).toString().toStdString();
    GroupOptions options;
    const QJsonObject object = tuple.at(1).toObject();
    if (auto ok = read_optional_string(object, "fileRegex", options.file_regex); !ok) {
        return unexpected(ok.error());
    }
    if (auto ok = read_optional_string(object, "description", options.description); !ok) {
        return unexpected(ok.error());
    }
    entry.options = std::move(options);
    return entry;
}

}  // namespace

Expected<ModeConfig, std::string> mode_config_from_json(const QJsonObject& object) {
    ModeConfig mode;
    for (auto [name, target] : {std::pair{"slug", &mode.slug}, std::pair{"name", &mode.name},
                                std::pair{"roleDefinition", &mode.role_definition}}) {
        auto text = read_required_string(object, name);
        if (!text) return unexpected("mode: " + text.error());
        *target = std::move(*text);
    }
    for (auto [name, target] :
         {std::pair{"whenToUse", &mode.when_to_use}, std::pair{"description", &mode.description},
          std::pair{"customInstructions", &mode.custom_instructions},
          std::pair{"source", &mode.source}}) {
        if (auto ok = read_optional_string(object, name, *target); !ok) {
            return unexpected("mode '" + mode.slug + "': " + ok.error());
        }
    }
    const QJsonValue groups = object.value(key("groups"));
    if (!groups.isArray()) return unexpected("mode '" + mode.slug + "': 'groups' must be an array");
    for (const QJsonValue& group : groups.toArray()) {
        auto entry = group_entry_from_json(group);
        if (!entry) return unexpected("mode '" + mode.slug + "': " + entry.error());
        mode.groups.push_back(std::move(*entry));
    }
    return mode;
}

Expected<std::vector<ModeConfig>, std::string> mode_configs_from_json(const QJsonArray& array) {
    std::vector<ModeConfig> modes;
    for (const QJsonValue& value : array) {
        if (!value.isObject()) return unexpected(std::string("a mode must be an object"));
        auto mode = mode_config_from_json(value.toObject());
        if (!mode) return unexpected(mode.error());
        modes.push_back(std::move(*mode));
    }
    return modes;
}

Expected<PromptComponent, std::string> prompt_component_from_json(const QJsonObject& object) {
    PromptComponent component;
    for (auto [name, target] : {std::pair{"roleDefinition", &component.role_definition},
                                std::pair{"whenToUse", &component.when_to_use},
                                std::pair{"description", &component.description},
                                std::pair{"customInstructions", &component.custom_instructions}}) {
        if (auto ok = read_optional_string(object, name, *target); !ok)
            return unexpected(ok.error());
    }
    return component;
}

Expected<CustomModePrompts, std::string> custom_mode_prompts_from_json(const QJsonObject& object) {
    CustomModePrompts prompts;
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (it.value().isUndefined() || it.value().isNull()) continue;
        if (!it.value().isObject()) {
            return unexpected("prompt component '" + it.key().toStdString() +
                              "' must be an object");
        }
        auto component = prompt_component_from_json(it.value().toObject());
        if (!component) return unexpected(component.error());
        prompts.emplace(it.key().toStdString(), std::move(*component));
    }
    return prompts;
}

Expected<Experiments, std::string> experiments_from_json(const QJsonObject& object) {
    Experiments experiments;
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!it.value().isBool()) {
            return unexpected("experiment '" + it.key().toStdString() + "' must be true or false");
        }
        experiments.flags.emplace(it.key().toStdString(), it.value().toBool());
    }
    return experiments;
}

Expected<SystemPromptSettings, std::string> settings_from_json(const QJsonObject& object) {
    SystemPromptSettings settings;
    const QJsonValue reads = object.value(key("maxConcurrentFileReads"));
    if (!reads.isUndefined() && !reads.isNull()) {
        if (!reads.isDouble())
            return unexpected(std::string("'maxConcurrentFileReads' must be a number"));
        settings.max_concurrent_file_reads = reads.toInt();
    }
    for (auto [name, target] :
         {std::pair{"todoListEnabled", &settings.todo_list_enabled},
          std::pair{"useAgentRules", &settings.use_agent_rules},
          std::pair{"newTaskRequireTodos", &settings.new_task_require_todos}}) {
        const QJsonValue value = object.value(key(name));
        if (value.isUndefined() || value.isNull()) continue;
        if (!value.isBool()) return unexpected(std::string("'") + name + "' must be true or false");
        *target = value.toBool();
    }
    return settings;
}

}  // namespace lapce_ai::prompts
