// Runner for golden/prompts/custom-instructions: addCustomInstructions with the case's
// workspace and home fixtures.

#include <stdexcept>

#include "instructions/custom_instructions.h"
#include "prompt_case_runner.h"
#include "prompt_json.h"

namespace lapce_ai::parity {
namespace {

using namespace lapce_ai::prompts;

CustomInstructionsOptions options_from(const QJsonObject& object) {
    CustomInstructionsOptions options;
    options.language = optional_string(object.value(QStringLiteral("language")));
    options.roo_ignore_instructions =
        optional_string(object.value(QStringLiteral("rooIgnoreInstructions")));
    if (const QJsonValue settings = object.value(QStringLiteral("settings")); settings.isObject()) {
        auto parsed = settings_from_json(settings.toObject());
        if (!parsed) throw std::runtime_error(parsed.error());
        options.settings = *parsed;
    }
    return options;
}

std::string run(const GoldenCase& golden_case, const VirtualFilesystem& filesystem,
                const PromptEnvironment& environment) {
    const QJsonObject args = golden_case.args();
    const std::string cwd =
        filesystem.real_path(args.value(QStringLiteral("cwd")).toString().toStdString());
    auto text = add_custom_instructions(
        args.value(QStringLiteral("modeCustomInstructions")).toString().toStdString(),
        args.value(QStringLiteral("globalCustomInstructions")).toString().toStdString(), cwd,
        args.value(QStringLiteral("mode")).toString().toStdString(),
        options_from(args.value(QStringLiteral("options")).toObject()), environment);
    if (!text) throw std::runtime_error(text.error().path + ": " + text.error().message);
    return std::move(*text);
}

const bool registered = register_prompt_case_runner("custom-instructions", "", &run);

}  // namespace
}  // namespace lapce_ai::parity
