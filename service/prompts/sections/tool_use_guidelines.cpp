#include "prompt_texts.h"
#include "rebuilt_if_changed.h"
#include "sections.h"

namespace lapce_ai::prompts {
namespace {

std::string guidelines_section(bool codebase_search) {
    // The items are numbered as they are added: codebase search adds one.
    std::vector<std::string_view> items = {"assess"};
    if (codebase_search) {
        items.push_back("codebase_search_first");
        items.push_back("choose_tool_after_codebase_search");
    } else {
        items.push_back("choose_tool");
    }
    items.insert(items.end(),
                 {"one_tool_at_a_time", "xml_format", "tool_results", "wait_for_confirmation"});

    std::string guidelines;
    int number = 1;
    for (std::string_view item : items) {
        if (number > 1) guidelines += '\n';
        guidelines += std::to_string(number++) + ". ";
        prompt_text("sections/tool_use_guidelines/" + std::string(item)).render_to(guidelines, {});
    }
    return render_prompt_text("sections/tool_use_guidelines/section",
                              TemplateValues().set("guidelines", guidelines));
}

}  // namespace

std::string get_tool_use_guidelines_section(const CodeIndexState* code_index_manager) {
    const bool codebase_search = code_index_manager && code_index_manager->available();
    return rebuilt_if_changed(codebase_search, [&] { return guidelines_section(codebase_search); });
}

}  // namespace lapce_ai::prompts
