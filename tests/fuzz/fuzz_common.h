#pragma once

// Shared by the libFuzzer harnesses and by fuzz_make_seeds, which writes seed inputs in the
// layouts described here.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <string_view>

namespace lapce_ai::fuzz {

// The token the handshake harnesses configure as the service's token. The seeds carry it (and
// tests/fuzz/fuzz_handshake.dict offers it), because check_hello compares tokens without
// branching on individual bytes, so coverage feedback cannot discover it.
inline constexpr std::string_view kToken = "lapce-ai-fuzz-token-7f3a9c";

// ---- fuzz_frame_decoder input ---------------------------------------------------------------
// [0, 8)  chunk-size table, used cyclically: byte b appends b bytes (0 = everything left).
// [8]     selects the small decoder's max_frame_bytes from kDecoderSmallMax (low 2 bits).
// [9, …)  the byte stream.
inline constexpr std::size_t kDecoderPrefixBytes = 9;
inline constexpr std::uint32_t kDecoderSmallMax[4] = {4096, 4096, 64, 0};

// ---- fuzz_ring_reader input -----------------------------------------------------------------
// [0]       log2(capacity) modulo 13: capacities 1 B … 4 KiB
// [1]       selects max_frame_bytes from kRingMax (modulo its size)
// [2]       flags: bit 0 = tail is head - fill (fill = u32 at [11]), else tail = u64 at [11];
//                  bit 1 = "live peer" mode (see below)
// [3, 11)   head, u64 little endian
// [11, 19)  tail (or fill in its first 4 bytes)
// [19]      consumer_sleeping   [20] producer_sleeping   [21] data_signal   [22] space_signal
// [23, 39)  live mode: four u32 head increments the simulated peer publishes, one per liveness
//           check, while the reader sleeps
// [39]      live mode: bit i = keep waiting after step i (a clear bit ends the wait: PeerGone)
// [40, …)   ring contents, written from index (tail & mask) onwards, wrapping, ≤ capacity bytes
inline constexpr std::size_t kRingPrefixBytes = 40;
inline constexpr std::uint8_t kRingFlagRelativeTail = 1;
inline constexpr std::uint8_t kRingFlagLivePeer = 2;
inline constexpr std::uint32_t kRingMax[6] = {16u * 1024u * 1024u, 4096, 64, 16, 0, 1};

// ---- fuzz_provider_stream input -------------------------------------------------------------
// [0]     the provider family, kProviderFamilies modulo its size
// [1]     bits 0-2: the response status, kProviderStatuses; bit 3 (kProviderCompletePrompt):
//         completePrompt instead of createMessage
// [2, …)  the response body, sent with the family's content type
//
// One provider family: the handler, its settings (`{{BASE}}` = the local server), the path of the
// request whose response is fuzzed, the content type it is sent with, fixed vendor hosts pointed
// at the server, and fixed answers for the requests the handler makes first (model lists).
struct ProviderFamily {
    std::string_view provider;
    std::string_view settings;
    std::string_view fuzzed_path;
    std::string_view content_type;
    std::string_view rewrite_from = {};
    std::string_view fixed_responders = "[]";
};

inline constexpr std::string_view kOllamaFixed =
    R"([{"match":{"method":"GET","path":"^/api/tags$"},"repeat":true,"json":{"models":[)"
    R"({"name":"qwen3:8b","model":"qwen3:8b","details":{"family":"qwen3"}}]}},)"
    R"({"match":{"method":"POST","path":"^/api/show$"},"repeat":true,"json":{"details":)"
    R"({"family":"qwen3"},"model_info":{"qwen3.context_length":40960},)"
    R"("capabilities":["completion","tools","thinking"]}}])";
inline constexpr std::string_view kModelListFixed =
    R"([{"match":{"method":"GET"},"repeat":true,"json":{"data":[],"object":"list"}}])";

inline constexpr ProviderFamily kProviderFamilies[] = {
    {"openai",
     R"({"openAiApiKey":"sk-fuzz","openAiBaseUrl":"{{BASE}}/v1","openAiModelId":"gpt-4o"})",
     "/chat/completions$", "text/event-stream"},
    {"openai",
     R"({"openAiApiKey":"sk-fuzz","openAiBaseUrl":"{{BASE}}/v1","openAiModelId":"deepseek-r1",)"
     R"("openAiR1FormatEnabled":true})",
     "/chat/completions$", "text/event-stream"},
    {"openai-native",
     R"({"openAiNativeApiKey":"sk-fuzz","openAiNativeBaseUrl":"{{BASE}}/v1",)"
     R"("apiModelId":"gpt-5-2025-08-07"})",
     "/responses$", "text/event-stream"},
    {"anthropic",
     R"({"apiKey":"sk-ant-fuzz","anthropicBaseUrl":"{{BASE}}","apiModelId":"claude-sonnet-4-5"})",
     "^/v1/messages", "text/event-stream"},
    {"gemini",
     R"({"geminiApiKey":"AIza-fuzz","googleGeminiBaseUrl":"{{BASE}}",)"
     R"("apiModelId":"gemini-2.5-flash"})",
     "generateContent", "text/event-stream"},
    {"ollama",
     R"({"ollamaBaseUrl":"{{BASE}}","ollamaModelId":"qwen3:8b"})",
     "^/api/chat$",
     "application/x-ndjson",
     {},
     kOllamaFixed},
    {"mistral", R"({"mistralApiKey":"mistral-fuzz","apiModelId":"codestral-latest"})",
     "/chat/completions$", "text/event-stream", "https://codestral.mistral.ai"},
    {"bedrock",
     R"({"apiModelId":"anthropic.claude-sonnet-4-5-20250929-v1:0","awsRegion":"us-east-1",)"
     R"("awsUseApiKey":true,"awsApiKey":"fuzz-key","awsBedrockEndpoint":"{{BASE}}",)"
     R"("awsBedrockEndpointEnabled":true})",
     "/converse(-stream)?$", "application/vnd.amazon.eventstream"},
    {"cerebras", R"({"cerebrasApiKey":"csk-fuzz"})", "/chat/completions$", "text/event-stream",
     "https://api.cerebras.ai"},
    {"deepseek",
     R"({"deepSeekApiKey":"sk-ds-fuzz","deepSeekBaseUrl":"{{BASE}}/v1",)"
     R"("apiModelId":"deepseek-reasoner"})",
     "/chat/completions$", "text/event-stream"},
    {"lmstudio",
     R"({"lmStudioBaseUrl":"{{BASE}}","lmStudioModelId":"qwen/qwen3-coder-30b"})",
     "/chat/completions$",
     "text/event-stream",
     {},
     kModelListFixed},
    {"openrouter",
     R"({"openRouterApiKey":"sk-or-fuzz","openRouterBaseUrl":"{{BASE}}/api/v1",)"
     R"("openRouterModelId":"anthropic/claude-sonnet-4","enableReasoningEffort":true})",
     "/chat/completions$", "text/event-stream", "https://openrouter.ai", kModelListFixed},
};
inline constexpr std::size_t kProviderFamilyCount =
    sizeof(kProviderFamilies) / sizeof(kProviderFamilies[0]);

// Statuses the SDKs do not retry (a retried status would wait for the SDK's back-off).
inline constexpr int kProviderStatuses[8] = {200, 200, 200, 200, 200, 400, 401, 404};
inline constexpr std::uint8_t kProviderCompletePrompt = 8;

inline void store_u32(std::byte* out, std::uint32_t value) {
    for (int i = 0; i < 4; ++i) out[i] = static_cast<std::byte>(value >> (8 * i));
}
inline void store_u64(std::byte* out, std::uint64_t value) {
    for (int i = 0; i < 8; ++i) out[i] = static_cast<std::byte>(value >> (8 * i));
}
inline std::uint32_t load_u32(const std::uint8_t* in) {
    std::uint32_t value = 0;
    for (int i = 0; i < 4; ++i) value |= static_cast<std::uint32_t>(in[i]) << (8 * i);
    return value;
}
inline std::uint64_t load_u64(const std::uint8_t* in) {
    std::uint64_t value = 0;
    for (int i = 0; i < 8; ++i) value |= static_cast<std::uint64_t>(in[i]) << (8 * i);
    return value;
}

[[noreturn]] inline void check_failed(const char* condition, const char* file, int line) {
    std::fprintf(stderr, "FUZZ CHECK FAILED: %s at %s:%d\n", condition, file, line);
    std::abort();
}

// As FUZZ_CHECK, named by a sentence instead of the condition's text.
inline void check(bool condition, const char* what) {
    if (condition) return;
    std::fprintf(stderr, "FUZZ CHECK FAILED: %s\n", what);
    std::abort();
}

}  // namespace lapce_ai::fuzz

// An invariant of the code under test; a violation aborts, which libFuzzer reports as a crash.
#define FUZZ_CHECK(condition)           \
    ((condition) ? static_cast<void>(0) \
                 : ::lapce_ai::fuzz::check_failed(#condition, __FILE__, __LINE__))
