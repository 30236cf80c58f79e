#include "image_cleaning.h"

#include <vector>

#include "js_access.h"

namespace lapce_ai::providers {

using json::OrderedJson;

OrderedJson maybe_remove_image_blocks(const OrderedJson& messages, const ModelInfo& info) {
    OrderedJson out = OrderedJson::array({});
    for (const OrderedJson& message : messages.items()) {
        const OrderedJson* content = js::get(message, "content");
        OrderedJson copy = message;
        if (js::is_array(content) && !info.supports_images()) {
            std::vector<OrderedJson> blocks;
            for (const OrderedJson& block : content->items()) {
                if (js::is(js::get(block, "type"), "image")) {
                    blocks.push_back(OrderedJson::object(
                        {{"type", OrderedJson::string("text")},
                         {"text", OrderedJson::string("[Referenced image in conversation]")}}));
                } else {
                    blocks.push_back(block);
                }
            }
            copy.set("content", OrderedJson::array(std::move(blocks)));
        }
        out.push_back(std::move(copy));
    }
    return out;
}

}  // namespace lapce_ai::providers
