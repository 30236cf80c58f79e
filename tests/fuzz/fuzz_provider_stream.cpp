// libFuzzer harness for what a provider sends back, through the real handlers: the input is
// served by a local HTTP server as the response to a handler's request, and the handler maps it
// to chunks (createMessage) or to a completion (completePrompt), as the service would.
//
// Input layout: see fuzz_common.h (provider family, status, call, response body).
//
// Checks, beyond "no crash, no sanitizer report": every call ends (the body is complete, so a
// handler still waiting after 20 s is a hang); what it throws is a ProviderError whose JSON form
// names the error and carries a message; and the same response given to a new handler yields
// the same chunks, result and error (the mapping depends on the bytes, not on timing or on state
// left from an earlier input).

#include <QCoreApplication>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <memory>
#include <string>
#include <string_view>

#include "api_handler.h"
#include "chunk_collector.h"
#include "fuzz_common.h"
#include "http_client.h"
#include "ordered_json.h"
#include "provider_error.h"
#include "replay_server.h"
#include "run_task.h"

using namespace lapce_ai;
using namespace lapce_ai::providers;
using json::OrderedJson;
using namespace lapce_ai::fuzz;

namespace {

constexpr int kCallLimitMs = 20'000;

OrderedJson parse_or_die(std::string_view text) {
    auto parsed = json::parse_ordered_json(text);
    if (!parsed) fuzz::check(false, "a fixed JSON text of the harness does not parse");
    return std::move(*parsed);
}

// What one call did, as text that two runs can compare.
struct Outcome {
    std::string chunks;
    std::string result;
    std::string error;
    bool operator==(const Outcome&) const = default;
};

template <typename T>
std::exception_ptr run_to_end(Task<T>& task) {
    bool finished = false;
    std::exception_ptr error = testing::run_task(task, kCallLimitMs, finished);
    fuzz::check(finished, "the handler did not finish with a complete response body");
    return error;
}

std::string error_text(std::exception_ptr thrown) {
    try {
        std::rethrow_exception(thrown);
    } catch (const ProviderError& error) {
        const OrderedJson json = error.to_json();
        const OrderedJson* name = json.find("name");
        const OrderedJson* message = json.find("message");
        fuzz::check(name && name->is_string() && !name->as_string().empty(),
                    "a ProviderError without a name");
        fuzz::check(message && message->is_string(), "a ProviderError without a message");
        return json::json_stringify(json);
    } catch (const std::exception& error) {
        std::fprintf(stderr, "thrown: %s\n", error.what());
        fuzz::check(false, "a handler threw something other than a ProviderError");
    }
    return {};
}

Outcome run_once(const ProviderFamily& family, int status, bool complete_prompt,
                 std::string_view body) {
    OrderedJson responders = parse_or_die(family.fixed_responders);
    OrderedJson fuzzed = OrderedJson::object({});
    OrderedJson match = OrderedJson::object({});
    match.set("path", OrderedJson::string(std::string(family.fuzzed_path)));
    fuzzed.set("match", std::move(match));
    fuzzed.set("repeat", OrderedJson::boolean(true));
    fuzzed.set("status", OrderedJson::number(status));
    OrderedJson headers = OrderedJson::object({});
    headers.set("content-type", OrderedJson::string(std::string(family.content_type)));
    fuzzed.set("headers", std::move(headers));
    fuzzed.set("raw", OrderedJson::string(std::string(body)));
    responders.push_back(std::move(fuzzed));

    testing::ReplayServer server(std::move(responders));
    fuzz::check(server.listen(), "the local server cannot listen");
    const std::string base = server.base_url().toStdString();

    HttpClient http;
    if (!family.rewrite_from.empty())
        http.add_host_rewrite(QString::fromUtf8(family.rewrite_from), QString::fromStdString(base));
    ProviderContext context;
    context.http = &http;
    const ProviderSettings settings(
        parse_or_die(testing::replace_all(std::string(family.settings), "{{BASE}}", base)));

    Outcome outcome;
    std::unique_ptr<ApiHandler> handler = build_api_handler(family.provider, settings, context);
    if (complete_prompt) {
        Task<std::string> task = handler->complete_prompt("Say hello.");
        if (std::exception_ptr thrown = run_to_end(task))
            outcome.error = error_text(thrown);
        else
            outcome.result = task.result();
    } else {
        static const OrderedJson messages =
            parse_or_die(R"([{"role":"user","content":[{"type":"text","text":"hello"}]}])");
        testing::ChunkCollector sink;
        ApiHandlerCreateMessageMetadata metadata;
        metadata.task_id = "fuzz-task";
        Task<void> task = handler->create_message("You are a test.", messages, metadata, sink);
        if (std::exception_ptr thrown = run_to_end(task)) outcome.error = error_text(thrown);
        outcome.chunks = json::json_stringify(OrderedJson::array(std::move(sink.chunks)));
    }
    handler.reset();
    // Replies and sockets go with deleteLater: let them go before the next input.
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    return outcome;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) {
    // Settings may name an API key variable; the handlers read nothing else from the process.
    static QCoreApplication app(*argc, *argv);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2) return -1;
    const ProviderFamily& family = kProviderFamilies[data[0] % kProviderFamilyCount];
    const int status = kProviderStatuses[data[1] & 7];
    const bool complete_prompt = (data[1] & kProviderCompletePrompt) != 0;
    const std::string_view body(reinterpret_cast<const char*>(data + 2), size - 2);

    const Outcome first = run_once(family, status, complete_prompt, body);
    const Outcome second = run_once(family, status, complete_prompt, body);
    if (!(first == second)) {
        std::fprintf(stderr, "first:  %s | %s | %s\nsecond: %s | %s | %s\n", first.chunks.c_str(),
                     first.result.c_str(), first.error.c_str(), second.chunks.c_str(),
                     second.result.c_str(), second.error.c_str());
        fuzz::check(false, "the same response mapped to different chunks, results or errors");
    }
    return 0;
}
