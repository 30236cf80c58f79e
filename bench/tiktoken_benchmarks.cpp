// Token counting (o200k_base): `build/bench/bench_tiktoken`. Counts the golden system prompts
// (../shared/golden/prompts/system-prompt/*.txt, about 1.5 MB; LAPCE_AI_GOLDEN_DIR overrides),
// or a generated mixed text when they are absent. Before the benchmarks it prints what the
// first use costs in memory: the rank tables are const data in the executable, so only the pages
// the lookups touch become resident, and the heap holds just the compiled regex.

#include <benchmark/benchmark.h>

#include <QDir>
#include <QFile>

#include <cstdio>
#include <string>
#include <vector>

#include "memory_probe.h"
#include "o200k_encoder.h"
#include "tiktoken.h"

using namespace lapce_ai;
using namespace lapce_ai::providers;

namespace {

std::vector<std::string> load_texts() {
    QString golden = qEnvironmentVariable("LAPCE_AI_GOLDEN_DIR");
    if (golden.isEmpty()) golden = QStringLiteral(LAPCE_AI_DEFAULT_GOLDEN_DIR);
    const QDir prompts(golden + QStringLiteral("/prompts/system-prompt"));
    std::vector<std::string> texts;
    for (const auto& name : prompts.entryList({QStringLiteral("*.txt")}, QDir::Files, QDir::Name)) {
        QFile file(prompts.filePath(name));
        if (file.open(QIODevice::ReadOnly)) texts.push_back(file.readAll().toStdString());
    }
    if (texts.empty()) {
        std::fprintf(stderr, "golden system prompts absent: counting a generated text\n");
        std::string text;
        for (int i = 0; i < 20000; ++i) {
            text +=
                "int value_" + std::to_string(i) + " = compute(x, 42); // Größe ändern 数据 🚀\n";
        }
        texts.push_back(std::move(text));
    }
    return texts;
}

const std::vector<std::string>& texts() {
    static const auto loaded = load_texts();
    return loaded;
}

void BM_o200k_count_system_prompts(benchmark::State& state) {
    std::size_t tokens = 0;
    std::size_t bytes = 0;
    for (auto _ : state) {
        for (const auto& text : texts()) {
            tokens += O200kEncoder::shared().o200k_count(text);
            bytes += text.size();
        }
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
    state.counters["tokens/s"] =
        benchmark::Counter(static_cast<double>(tokens), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_o200k_count_system_prompts)->Unit(benchmark::kMillisecond);

void BM_tiktoken_short_message(benchmark::State& state) {
    const auto content = json::parse_ordered_json(
        R"([{"type":"text","text":"Add a function `add(a, b)` to math.ts and write a test for it."}])");
    for (auto _ : state) {
        benchmark::DoNotOptimize(tiktoken(*content));
    }
}
BENCHMARK(BM_tiktoken_short_message);

void print_first_use_memory() {
    texts();
    const auto before = probe_memory();
    const auto count = O200kEncoder::shared().o200k_count(texts().front());
    const auto after_first = probe_memory();
    for (const auto& text : texts()) O200kEncoder::shared().o200k_count(text);
    const auto after_all = probe_memory();
    const auto kib = [](std::uint64_t after, std::uint64_t before_) {
        return (static_cast<double>(after) - static_cast<double>(before_)) / 1024.0;
    };
    std::printf(
        "first use (%zu tokens): RSS %+.0f KiB, anonymous %+.0f KiB, heap in use %+.0f KiB\n",
        count, kib(after_first.rss_bytes, before.rss_bytes),
        kib(after_first.anonymous_bytes, before.anonymous_bytes),
        kib(after_first.heap_in_use_bytes, before.heap_in_use_bytes));
    std::printf("after all %zu texts: RSS %+.0f KiB, anonymous %+.0f KiB, heap in use %+.0f KiB\n",
                texts().size(), kib(after_all.rss_bytes, before.rss_bytes),
                kib(after_all.anonymous_bytes, before.anonymous_bytes),
                kib(after_all.heap_in_use_bytes, before.heap_in_use_bytes));
}

}  // namespace

int main(int argc, char** argv) {
    print_first_use_memory();
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
