// The sections that are one text with a few values: markdown rules, tool use, system
// information, objective.

#include "js_string.h"
#include "prompt_texts.h"
#include "sections.h"

namespace lapce_ai::prompts {

std::string markdown_formatting_section() {
    return render_prompt_text("sections/markdown_formatting");
}

std::string get_shared_tool_use_section() {
    return render_prompt_text("sections/tool_use");
}

std::string get_system_info_section(std::string_view cwd, const PromptEnvironment& environment) {
    const std::string home = to_posix(environment.home_dir);
    const std::string workspace = to_posix(cwd);
    return render_prompt_text("sections/system_info", TemplateValues()
                                                          .set("os_name", environment.os_name)
                                                          .set("shell", environment.shell)
                                                          .set("home_dir", home)
                                                          .set("cwd", workspace));
}

std::string get_objective_section(const CodeIndexState* code_index_manager,
                                  const Experiments* /*experiments_config: unused there too*/) {
    const bool codebase_search = code_index_manager && code_index_manager->available();
    return render_prompt_text("sections/objective",
                              TemplateValues().flag("codebase_search", codebase_search));
}

}  // namespace lapce_ai::prompts
