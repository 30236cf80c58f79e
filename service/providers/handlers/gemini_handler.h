#pragma once

// GeminiHandler (src/api/providers/gemini.ts) on the @google/genai client: the Gemini API with
// an API key, or Vertex AI when the settings carry Vertex credentials (VertexHandler derives
// from it). Thought parts become reasoning, the last grounding metadata one grounding chunk,
// the last usage metadata one usage chunk with the tier-aware cost; every failure of the call
// is reported as "Gemini generate context stream error: <message>".

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "api_handler.h"
#include "genai_client.h"

namespace lapce_ai::providers {

class GeminiHandler : public ApiHandler {
  public:
    GeminiHandler(ProviderSettings options, const ProviderContext& context)
        : GeminiHandler(std::move(options), context, false) {}

    Task<void> create_message(std::string system_prompt, json::OrderedJson messages,
                              ApiHandlerCreateMessageMetadata metadata, ChunkSink& sink) override;
    ApiModel get_model() override;
    Task<double> count_tokens(json::OrderedJson content) override;
    Task<std::string> complete_prompt(std::string prompt) override;

    struct CostInput {
        const ModelInfo& info;
        double input_tokens = 0;
        double output_tokens = 0;
        std::optional<double> cache_read_tokens;
    };
    // calculateCost: nullopt when the model (or its tier) has no input or output price.
    static std::optional<double> calculate_cost(const CostInput& input);

  protected:
    GeminiHandler(ProviderSettings options, const ProviderContext& context, bool is_vertex);

    ProviderSettings options_;

  private:
    json::OrderedJson tools() const;

    std::unique_ptr<GenaiClient> client_;
};

// extractGroundingSources: the web sources of groundingMetadata.groundingChunks (title falling
// back to the uri); throws the TypeError of a malformed list as the reference does.
std::vector<GroundingSource> extract_grounding_sources(const json::OrderedJson* grounding_metadata);

// GenerateContentResponse.text: the non-thought text parts of the first candidate, concatenated;
// nullopt when there is none.
std::optional<std::string> genai_response_text(const json::OrderedJson& response);

}  // namespace lapce_ai::providers
