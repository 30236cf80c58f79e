// The prompt layer: `build/bench/bench_prompts --benchmark_repetitions=10
// --benchmark_report_aggregates_only=true`. A full system prompt for code mode with rule files
// (home and workspace, mode and generic), AGENTS.md and an MCP hub; rule files are read through
// the shared FileReader, so after the first prompt they cost one stat each.

#include <benchmark/benchmark.h>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include "allocation_counter.h"
#include "mcp_servers_json.h"
#include "prompt_environment.h"
#include "system/system_prompt.h"
#include "tools/tool_descriptions_for_mode.h"

using namespace lapce_ai;
using namespace lapce_ai::prompts;

namespace {

constexpr char kMcpServers[] = R"([
  {"name": "weather", "status": "connected", "disabled": false,
   "config": "{\"command\":\"node\",\"args\":[\"weather.js\"]}",
   "tools": [{"name": "get_forecast", "description": "Forecast for a city",
              "inputSchema": {"type": "object", "properties": {"city": {"type": "string"},
                              "days": {"type": "number"}}, "required": ["city"]}}],
   "resourceTemplates": [{"uriTemplate": "weather://{city}", "name": "Weather", "description": "Now"}]},
  {"name": "docs", "status": "connected", "disabled": false,
   "config": "{\"type\":\"sse\",\"url\":\"https://example.com/sse\"}",
   "tools": [{"name": "search", "description": "Search", "inputSchema": {"type": "object"}}]}
])";

void write_file(const QString& path, const QByteArray& text) {
    QDir().mkpath(QFileInfo(path).path());
    QFile file(path);
    if (file.open(QIODevice::WriteOnly)) file.write(text);
}

// A workspace and a home with the rule files a configured project has.
struct Fixture {
    QTemporaryDir workspace;
    QTemporaryDir home;
    SystemPromptInput input;
    PromptEnvironment environment;

    Fixture() {
        const QString ws = workspace.path(), rules = QStringLiteral("/.roo/rules/");
        for (int i = 0; i < 4; ++i) {
            write_file(ws + rules + QStringLiteral("%1-rule.md").arg(i),
                       QByteArray("Keep functions small.\n").repeated(20));
        }
        write_file(ws + QStringLiteral("/.roo/rules-code/style.md"), "Use clang-format.\n");
        write_file(ws + QStringLiteral("/.roo/rules-code/tests.md"),
                   "Write a test per behaviour.\n");
        write_file(ws + QStringLiteral("/AGENTS.md"), "Build with CMake presets.\n");
        write_file(home.path() + QStringLiteral("/.roo/rules/global.md"), "Answer in English.\n");

        input.cwd = ws.toStdString();
        input.mode = "code";
        input.supports_computer_use = true;
        input.mcp_hub = *mcp_servers_from_json(kMcpServers);
        input.diff_strategy = DiffStrategy{};
        input.diff_enabled = true;
        input.browser_viewport_size = "900x600";
        input.enable_mcp_server_creation = true;
        input.language = "en";
        input.partial_reads_enabled = false;
        input.settings = SystemPromptSettings{};
        input.experiments = Experiments{};
        input.global_custom_instructions = "Prefer small, pure functions.";

        environment = current_prompt_environment(default_identity_profile());
        environment.home_dir = home.path().toStdString();
    }
};

// Allocations per iteration, where the executable counts them.
class AllocationMeter {
  public:
    AllocationMeter() : start_(allocation_count()) {}
    void report(benchmark::State& state) const {
        if (auto end = allocation_count(); end && start_ && state.iterations() > 0) {
            state.counters["allocs"] = double(*end - *start_) / double(state.iterations());
        }
    }

  private:
    std::optional<std::uint64_t> start_;
};

void full_system_prompt_code_mode(benchmark::State& state) {
    static Fixture fixture;
    if (!system_prompt(fixture.input, fixture.environment)) {  // warms the caches
        state.SkipWithError("the fixture's prompt cannot be built");
        return;
    }
    AllocationMeter meter;
    std::size_t bytes = 0;
    for (auto _ : state) {
        auto prompt = system_prompt(fixture.input, fixture.environment);
        bytes = prompt->size();
        benchmark::DoNotOptimize(prompt->data());
    }
    meter.report(state);
    state.counters["prompt_bytes"] = double(bytes);
}
BENCHMARK(full_system_prompt_code_mode)->Unit(benchmark::kMicrosecond);

void tool_descriptions_code_mode(benchmark::State& state) {
    static Fixture fixture;
    const CodeIndexState code_index;
    AllocationMeter meter;
    for (auto _ : state) {
        std::string text = get_tool_descriptions_for_mode(
            "code", fixture.input.cwd, true, &code_index, &*fixture.input.diff_strategy,
            fixture.input.browser_viewport_size, &*fixture.input.mcp_hub, nullptr,
            &*fixture.input.experiments, false, &*fixture.input.settings, true, std::nullopt,
            fixture.environment);
        benchmark::DoNotOptimize(text.data());
    }
    meter.report(state);
}
BENCHMARK(tool_descriptions_code_mode)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
