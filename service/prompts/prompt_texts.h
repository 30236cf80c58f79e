#pragma once

// The verbatim texts of the reference, loaded once from the embedded resources
// (resources/prompts/<name>.txt, the file's final newline not included).

#include <QJsonDocument>
#include <string_view>

#include "prompt_template.h"

namespace lapce_ai::prompts {

// The template at resources/prompts/<name>.txt, e.g. prompt_text("tools/read_file").
// A missing name is a defect of the build (every name is a constant in the code): it throws
// TemplateError.
const PromptTemplate& prompt_text(std::string_view name);

// Renders prompt_text(name) with the given values.
std::string render_prompt_text(std::string_view name, const TemplateValues& values = {});

// The raw bytes of any embedded file by its full name (e.g. "modes/modes.json"); throws
// TemplateError when there is none.
std::string_view prompt_resource(std::string_view name);

// A JSON data resource (e.g. "modes/modes.json") parsed; throws TemplateError when it is not JSON.
QJsonDocument prompt_json_resource(std::string_view name);

}  // namespace lapce_ai::prompts
