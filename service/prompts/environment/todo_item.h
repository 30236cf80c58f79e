#pragma once

// packages/types/src/todo.ts: TodoItem.

#include <string>

namespace lapce_ai::prompts {

struct TodoItem {
    std::string id;
    std::string content;
    std::string status;  // "pending", "in_progress" or "completed"
};

}  // namespace lapce_ai::prompts
