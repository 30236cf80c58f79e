#include "vertex_handler.h"

#include "model_params.h"
#include "model_tables.h"

namespace lapce_ai::providers {

ApiModel VertexHandler::get_model() {
    const std::optional<std::string> model_id = options_.string("apiModelId");
    std::string id = model_id && !model_id->empty() && find_model_info("vertex", *model_id)
                         ? *model_id
                         : default_model_id("vertex");
    ApiModel model;
    model.info = *find_model_info("vertex", id);
    model.params = get_model_params("gemini", id, model.info, options_);
    // The `:thinking` suffix marks a hybrid reasoning model; the API's id has none.
    if (id.ends_with(":thinking")) id.erase(id.find(":thinking"), 9);
    model.id = id;
    return model;
}

}  // namespace lapce_ai::providers
