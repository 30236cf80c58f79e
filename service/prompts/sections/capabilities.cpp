#include "prompt_texts.h"
#include "sections.h"

namespace lapce_ai::prompts {

// The workspace path is printed as given (no toPosix here, unlike RULES).
std::string get_capabilities_section(std::string_view cwd, bool supports_computer_use,
                                     const std::vector<McpServer>* mcp_hub,
                                     const DiffStrategy* diff_strategy,
                                     const CodeIndexState* code_index_manager) {
    const bool codebase_search = code_index_manager && code_index_manager->available();
    return render_prompt_text("sections/capabilities",
                              TemplateValues()
                                  .set("cwd", cwd)
                                  .flag("computer_use", supports_computer_use)
                                  .flag("codebase_search", codebase_search)
                                  .flag("diff", diff_strategy != nullptr)
                                  .flag("mcp", mcp_hub != nullptr));
}

}  // namespace lapce_ai::prompts
