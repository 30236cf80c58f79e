// libFuzzer harness for the other prompt requests a client can send: GetEnvironmentDetailsRequest
// (decoded into the environment-details input) and FormatResponse (a name on the first line,
// JSON arguments after it). Bad input is an error, never a crash; a decoded environment request
// converts back to a request that decodes again.

#include <google/protobuf/stubs/logging.h>

#include <QByteArray>
#include <QJsonDocument>
#include <cstdlib>
#include <string_view>

#include "environment/environment_details_proto.h"
#include "prompt_environment.h"
#include "responses/format_response_call.h"

using namespace lapce_ai::prompts;

namespace {

const PromptEnvironment& environment() {
    static const PromptEnvironment pinned = [] {
        PromptEnvironment value;
        value.home_dir = "/home/user";
        value.os_name = "Linux";
        value.os_type = "Linux";
        value.shell = value.editor_shell = "/bin/bash";
        value.editor_language = "en";
        value.profile = default_identity_profile();
        return value;
    }();
    return pinned;
}

void environment_request(const std::uint8_t* data, std::size_t size) {
    lapce_ai::ipc::proto::GetEnvironmentDetailsRequest request;
    if (!request.ParseFromArray(data, int(size))) return;
    auto decoded = environment_details_request_from_proto(request, environment());
    if (!decoded) return;
    const auto again = to_proto(decoded->input, decoded->include_file_details, decoded->profile);
    lapce_ai::ipc::proto::GetEnvironmentDetailsRequest reparsed;
    if (!reparsed.ParseFromString(again.SerializeAsString())) std::abort();
    if (!environment_details_request_from_proto(reparsed, environment())) std::abort();
}

void format_response(std::string_view text) {
    const std::size_t newline = text.find('\n');
    const std::string_view name = text.substr(0, newline);
    const std::string_view args =
        newline == std::string_view::npos ? std::string_view() : text.substr(newline + 1);
    const QJsonDocument document =
        QJsonDocument::fromJson(QByteArray(args.data(), qsizetype(args.size())));
    (void)call_format_response(name, document.object());
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    google::protobuf::SetLogHandler(nullptr);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    environment_request(data, size);
    format_response(std::string_view(reinterpret_cast<const char*>(data), size));
    return 0;
}
