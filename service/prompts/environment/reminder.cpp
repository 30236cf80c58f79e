#include "reminder.h"

#include "prompt_texts.h"

namespace lapce_ai::prompts {
namespace {

std::string status_label(const std::string& status) {
    if (status == "pending") return "Pending";
    if (status == "in_progress") return "In Progress";
    if (status == "completed") return "Completed";
    return status;
}

// Backslashes and pipes are escaped so the content stays in its table cell.
std::string escape_cell(const std::string& content) {
    std::string escaped;
    for (char c : content) {
        if (c == '\\' || c == '|') escaped += '\\';
        escaped += c;
    }
    return escaped;
}

}  // namespace

std::string format_reminder_section(const std::optional<std::vector<TodoItem>>& todo_list) {
    if (!todo_list || todo_list->empty())
        return render_prompt_text("environment/reminder_no_todos");
    std::string rows;
    for (std::size_t i = 0; i < todo_list->size(); ++i) {
        const TodoItem& item = (*todo_list)[i];
        const std::string number = std::to_string(i + 1);
        const std::string content = escape_cell(item.content);
        const std::string status = status_label(item.status);
        if (i > 0) rows += '\n';
        rows += render_prompt_text(
            "environment/reminder_row",
            TemplateValues().set("number", number).set("content", content).set("status", status));
    }
    return render_prompt_text("environment/reminder_section", TemplateValues().set("rows", rows));
}

}  // namespace lapce_ai::prompts
