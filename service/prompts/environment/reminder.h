#pragma once

// src/core/environment/reminder.ts

#include <optional>
#include <string>
#include <vector>

#include "todo_item.h"

namespace lapce_ai::prompts {

// The REMINDERS table of the todo list, or the hint to create one when there is none.
std::string format_reminder_section(const std::optional<std::vector<TodoItem>>& todo_list);

}  // namespace lapce_ai::prompts
