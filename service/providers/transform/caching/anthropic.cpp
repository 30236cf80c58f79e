#include "caching/anthropic.h"

#include <string>
#include <vector>

#include "caching/last_text_part.h"
#include "js_access.h"

namespace lapce_ai::providers::caching::anthropic {

using json::OrderedJson;

void add_cache_breakpoints(std::string_view system_prompt, OrderedJson& messages) {
    std::vector<OrderedJson> items = messages.items();
    OrderedJson system = OrderedJson::object(
        {{"role", OrderedJson::string("system")},
         {"content", OrderedJson::array({OrderedJson::object(
                         {{"type", OrderedJson::string("text")},
                          {"text", OrderedJson::string(std::string(system_prompt))},
                          {"cache_control", ephemeral_cache_control()}})})}});
    if (items.empty())
        items.push_back(std::move(system));
    else
        items[0] = std::move(system);

    std::vector<std::size_t> users;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (!js::is(js::get(items[i], "role"), "user")) continue;
        users.push_back(i);
        if (const OrderedJson* content = items[i].find("content"); js::is_string(content)) {
            items[i].set("content",
                         OrderedJson::array({OrderedJson::object(
                             {{"type", OrderedJson::string("text")}, {"text", *content}})}));
        }
    }
    const std::size_t first = users.size() > 2 ? users.size() - 2 : 0;
    for (std::size_t k = first; k < users.size(); ++k) mark_last_text_part(items[users[k]]);
    messages = OrderedJson::array(std::move(items));
}

}  // namespace lapce_ai::providers::caching::anthropic
