#include <tuple>

#include "js_string.h"
#include "prompt_texts.h"
#include "rebuilt_if_changed.h"
#include "sections.h"

namespace lapce_ai::prompts {
namespace {

std::string text(std::string_view name) {
    return render_prompt_text("sections/editing_instructions/" + std::string(name));
}

// rules.ts getEditingInstructions
std::string get_editing_instructions(const DiffStrategy* diff_strategy) {
    std::vector<std::string> instructions;
    std::vector<std::string> available_tools;

    if (diff_strategy) available_tools.push_back(text("tool_apply_diff"));
    available_tools.push_back(text("tool_write_to_file"));
    available_tools.push_back(text("tool_insert_content"));
    available_tools.push_back(text("tool_search_and_replace"));

    if (available_tools.size() > 1) {
        std::string tools;
        for (const std::string& tool : available_tools) {
            if (!tools.empty()) tools += ", ";
            tools += tool;
        }
        instructions.push_back(render_prompt_text("sections/editing_instructions/available_tools",
                                                  TemplateValues().set("tools", tools)));
    }
    instructions.push_back(text("insert_content"));
    instructions.push_back(text("search_and_replace"));
    if (available_tools.size() > 1) instructions.push_back(text("prefer_other_tools"));
    instructions.push_back(text("write_to_file"));

    std::string joined;
    for (const std::string& instruction : instructions) {
        if (!joined.empty()) joined += '\n';
        joined += instruction;
    }
    return joined;
}

}  // namespace

std::string get_rules_section(std::string_view cwd, bool supports_computer_use,
                              const DiffStrategy* diff_strategy,
                              const CodeIndexState* code_index_manager) {
    const bool codebase_search = code_index_manager && code_index_manager->available();
    const bool diff = diff_strategy != nullptr;  // only its presence matters here
    return rebuilt_if_changed(
        std::tuple(std::string(cwd), supports_computer_use, diff, codebase_search), [&] {
            const std::string workspace = to_posix(cwd);
            const std::string editing_instructions = get_editing_instructions(diff_strategy);
            return render_prompt_text("sections/rules",
                                      TemplateValues()
                                          .set("cwd", workspace)
                                          .set("editing_instructions", editing_instructions)
                                          .flag("codebase_search", codebase_search)
                                          .flag("diff", diff)
                                          .flag("computer_use", supports_computer_use));
        });
}

}  // namespace lapce_ai::prompts
