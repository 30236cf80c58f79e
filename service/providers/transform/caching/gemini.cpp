#include "caching/gemini.h"

#include <string>
#include <vector>

#include "caching/last_text_part.h"
#include "js_access.h"

namespace lapce_ai::providers::caching::gemini {

using json::OrderedJson;

void add_cache_breakpoints(std::string_view system_prompt, OrderedJson& messages, int frequency) {
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

    int count = 0;
    for (OrderedJson& message : items) {
        if (!js::is(js::get(message, "role"), "user")) continue;
        if (const OrderedJson* content = message.find("content"); js::is_string(content)) {
            message.set("content",
                        OrderedJson::array({OrderedJson::object(
                            {{"type", OrderedJson::string("text")}, {"text", *content}})}));
        }
        // count % 0 is NaN in JavaScript: frequency 0 marks nothing.
        if (frequency != 0 && count % frequency == frequency - 1) mark_last_text_part(message);
        ++count;
    }
    messages = OrderedJson::array(std::move(items));
}

}  // namespace lapce_ai::providers::caching::gemini
