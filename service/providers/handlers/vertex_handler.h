#pragma once

// VertexHandler (src/api/providers/vertex.ts): GeminiHandler on Vertex AI (service-account JSON,
// key file or Application Default Credentials) with the Vertex model table.

#include "gemini_handler.h"

namespace lapce_ai::providers {

class VertexHandler : public GeminiHandler {
  public:
    VertexHandler(ProviderSettings options, const ProviderContext& context)
        : GeminiHandler(std::move(options), context, true) {}

    ApiModel get_model() override;
};

}  // namespace lapce_ai::providers
