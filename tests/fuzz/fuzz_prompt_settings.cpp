// libFuzzer harness for the prompt inputs that arrive as outside bytes: a settings file (JSON,
// with MCP servers read order-preserving) and a BuildSystemPromptRequest payload. Checks:
// - bad input is an error, never a crash;
// - accepted settings survive the wire format: input -> proto -> input -> proto gives the same
//   bytes;
// - the MCP section renders for any accepted server list, or refuses a config the reference
//   cannot read with std::invalid_argument.

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/stubs/logging.h>

#include <cstdlib>
#include <stdexcept>
#include <string_view>

#include "sections.h"
#include "system/system_prompt_json.h"
#include "system/system_prompt_proto.h"

using namespace lapce_ai::prompts;

namespace {

// Map fields serialise in hash order unless asked for a deterministic (sorted) encoding.
std::string deterministic_bytes(const lapce_ai::ipc::proto::BuildSystemPromptRequest& request) {
    std::string bytes;
    google::protobuf::io::StringOutputStream output(&bytes);
    google::protobuf::io::CodedOutputStream coded(&output);
    coded.SetSerializationDeterministic(true);
    if (!request.SerializeToCodedStream(&coded)) std::abort();
    coded.Trim();
    return bytes;
}

void check_wire_round_trip(const SystemPromptInput& input) {
    const std::string first = deterministic_bytes(to_proto(input));
    lapce_ai::ipc::proto::BuildSystemPromptRequest parsed;
    if (!parsed.ParseFromString(first)) std::abort();
    if (deterministic_bytes(to_proto(system_prompt_input_from_proto(parsed))) != first)
        std::abort();
}

void check_mcp_section(const SystemPromptInput& input) {
    if (!input.mcp_hub) return;
    try {
        (void)get_mcp_servers_section(&*input.mcp_hub, nullptr, true);
    } catch (const std::invalid_argument&) {
        // A config that is not JSON, or null: refused as the reference refuses it.
    }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    google::protobuf::SetLogHandler(nullptr);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    if (auto settings = system_prompt_settings_from_json(bytes, editor_default_input())) {
        check_wire_round_trip(settings->input);
        check_mcp_section(settings->input);
    }
    lapce_ai::ipc::proto::BuildSystemPromptRequest request;
    if (request.ParseFromArray(data, int(size))) {
        const SystemPromptInput input = system_prompt_input_from_proto(request);
        check_wire_round_trip(input);
        check_mcp_section(input);
    }
    return 0;
}
