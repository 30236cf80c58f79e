// The definitions service on the golden corpus: every call of
// <golden>/treesitter/manifest.json in one process, cold (grammars and queries loaded on first
// use, nothing cached) and then warm; the time from starting a service to its first result;
// and the memory the grammars and caches take. Prints a Markdown table and, with --json-out,
// the raw figures. The reference's figures for the same calls are in README.md.
//
//   bench_treesitter [--golden DIR] [--warm-runs 5] [--service PATH] [--json-out FILE]
//                    [--skip-swift]

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

#include <malloc.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

#include "definitions.h"
#include "file_reader.h"
#include "ipc_client.h"
#include "memory_probe.h"

using namespace lapce_ai;
using Clock = std::chrono::steady_clock;

namespace {

double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

double median(std::vector<double> values) {
    if (values.empty()) return 0;
    std::sort(values.begin(), values.end());
    const std::size_t mid = values.size() / 2;
    return values.size() % 2 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
}

struct Call {
    bool directory = false;
    bool swift = false;
    std::string path;
};

double run_call(treesitter::DefinitionsEngine& engine, const Call& call) {
    const auto start = Clock::now();
    if (call.directory) {
        (void)treesitter::parse_source_code_for_definitions_top_level(engine, call.path);
    } else {
        (void)treesitter::parse_source_code_definitions_for_file(engine, call.path);
    }
    return ms_since(start);
}

double mib(std::uint64_t bytes) {
    return static_cast<double>(bytes) / (1024.0 * 1024.0);
}

// Milliseconds from starting a service (in a fresh runtime directory) to its answer for `path`.
double first_result_ms(const QString& service, const std::string& path) {
    QTemporaryDir runtime;
    QProcess process;
    const auto start = Clock::now();
    process.start(service,
                  {QStringLiteral("--foreground"), QStringLiteral("--socket-dir"), runtime.path()});
    ipc::ClientOptions options;
    options.socket_dir = runtime.path();
    options.request_timeout = std::chrono::seconds(60);
    ipc::IpcClient client(options);
    double elapsed = -1;
    while (ms_since(start) < 10'000) {
        if (!client.connect()) continue;  // not listening yet
        ipc::proto::ListCodeDefinitionsRequest request;
        request.set_path(path);
        ipc::proto::CodeDefinitionsReply reply;
        if (client.call(ipc::proto::LIST_CODE_DEFINITIONS_REQUEST, request,
                        ipc::proto::CODE_DEFINITIONS_REPLY, reply)) {
            elapsed = ms_since(start);
        }
        break;
    }
    client.disconnect();
    process.terminate();
    process.waitForFinished(5000);
    return elapsed;
}

}  // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOptions({
        {QStringLiteral("golden"), QStringLiteral("Golden data folder."), QStringLiteral("dir"),
         QStringLiteral(LAPCE_AI_DEFAULT_GOLDEN_DIR)},
        {QStringLiteral("warm-runs"), QStringLiteral("Warm repetitions of the file calls."),
         QStringLiteral("n"), QStringLiteral("5")},
        {QStringLiteral("service"), QStringLiteral("lapce-ai-service for the first-result time."),
         QStringLiteral("path")},
        {QStringLiteral("json-out"), QStringLiteral("Write the figures as JSON."),
         QStringLiteral("file")},
        {QStringLiteral("skip-swift"),
         QStringLiteral("Leave out the Swift calls (their query takes ~25 s to compile).")},
    });
    parser.process(app);

    const QString root = parser.value(QStringLiteral("golden")) + QStringLiteral("/treesitter");
    QFile manifest_file(root + QStringLiteral("/manifest.json"));
    if (!manifest_file.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "bench_treesitter: cannot read %s\n",
                     qPrintable(manifest_file.fileName()));
        return 2;
    }
    const QJsonObject manifest = QJsonDocument::fromJson(manifest_file.readAll()).object();
    const QString corpus =
        root + QLatin1Char('/') + manifest.value(QStringLiteral("corpus_root")).toString();
    std::vector<Call> calls;
    for (const QJsonValue& value : manifest.value(QStringLiteral("entries")).toArray()) {
        const QJsonObject entry = value.toObject();
        const QString input = entry.value(QStringLiteral("input")).toString();
        const bool swift =
            input.endsWith(QLatin1String(".swift")) || input == QLatin1String("swift");
        if (swift && parser.isSet(QStringLiteral("skip-swift"))) continue;
        calls.push_back({entry.value(QStringLiteral("api")).toString() == QLatin1String("dir"),
                         swift, (corpus + QLatin1Char('/') + input).toStdString()});
    }

    const MemoryUsage before = probe_memory();
    FileReader reader(32 * 1024 * 1024);
    treesitter::DefinitionsEngine engine(reader);

    // Cold: the first pass loads every grammar and compiles every query once.
    double cold_files = 0, cold_dirs = 0, cold_swift_files = 0;
    std::size_t file_calls = 0, dir_calls = 0;
    for (const Call& call : calls) {
        const double elapsed = run_call(engine, call);
        if (call.directory) {
            cold_dirs += elapsed;
            ++dir_calls;
        } else {
            cold_files += elapsed;
            ++file_calls;
            if (call.swift) cold_swift_files += elapsed;
        }
    }
    release_free_heap_memory();  // as the service does after compiling queries
    const MemoryUsage after_cold = probe_memory();
    const auto registry = engine.languages().stats();

    // Warm: the same file calls again; per-file medians over the runs.
    const int warm_runs = std::max(1, parser.value(QStringLiteral("warm-runs")).toInt());
    std::vector<std::vector<double>> per_file(calls.size());
    std::vector<double> warm_totals;
    for (int run = 0; run < warm_runs; ++run) {
        double total = 0;
        for (std::size_t i = 0; i < calls.size(); ++i) {
            const double elapsed = run_call(engine, calls[i]);
            total += elapsed;
            if (!calls[i].directory) per_file[i].push_back(elapsed);
        }
        warm_totals.push_back(total);
    }
    std::vector<double> file_medians;
    for (const auto& times : per_file) {
        if (!times.empty()) file_medians.push_back(median(times));
    }
    const MemoryUsage after_warm = probe_memory();
    const auto trees = engine.trees().stats();

    double first_result = -1;
    if (parser.isSet(QStringLiteral("service"))) {
        for (const Call& call : calls) {
            if (!call.directory && call.path.ends_with(".ts")) {
                first_result = first_result_ms(parser.value(QStringLiteral("service")), call.path);
                break;
            }
        }
    }

    const double cold_total = cold_files + cold_dirs;
    std::printf("| measure | lapce-ai |\n|---|---|\n");
    std::printf("| calls | %zu file + %zu directory |\n", file_calls, dir_calls);
    std::printf("| cold total | %.1f ms |\n", cold_total);
    std::printf("| cold file calls | %.1f ms (Swift files %.1f ms) |\n", cold_files,
                cold_swift_files);
    std::printf("| cold directory calls | %.1f ms |\n", cold_dirs);
    std::printf("| query compilation (once per language) | %zu queries, %.1f ms |\n",
                registry.queries_compiled, registry.compile_time.count() / 1000.0);
    std::printf("| warm total (median of %d) | %.1f ms |\n", warm_runs, median(warm_totals));
    std::printf("| warm per-file median | %.3f ms |\n", median(file_medians));
    std::printf("| first result after start (.ts) | %.1f ms |\n", first_result);
    const std::uint64_t file_cache_bytes = reader.stats().bytes;
    reader.clear();
    engine.trees().clear();
    malloc_trim(0);
    const MemoryUsage without_caches = probe_memory();
    const auto growth = [&before](const MemoryUsage& now) {
        return mib(now.rss_bytes - before.rss_bytes);
    };
    const auto anonymous_growth = [&before](const MemoryUsage& now) {
        return mib(now.anonymous_bytes - before.anonymous_bytes);
    };
    std::printf("| RSS growth after cold / warm | %.1f / %.1f MiB |\n", growth(after_cold),
                growth(after_warm));
    std::printf("| of which file-backed (grammar tables, read-only, shared) | %.1f MiB |\n",
                growth(after_warm) - anonymous_growth(after_warm));
    std::printf("| of which anonymous (heap) | %.1f MiB |\n", anonymous_growth(after_warm));
    std::printf("| caches: source files / trees (%zu) | %.1f / %.1f MiB |\n", trees.entries,
                mib(file_cache_bytes), mib(trees.bytes));
    std::printf("| anonymous growth without the caches (queries, parsers) | %.1f MiB |\n",
                anonymous_growth(without_caches));

    if (parser.isSet(QStringLiteral("json-out"))) {
        QJsonObject json{
            {QStringLiteral("file_calls"), static_cast<qint64>(file_calls)},
            {QStringLiteral("dir_calls"), static_cast<qint64>(dir_calls)},
            {QStringLiteral("cold_total_ms"), cold_total},
            {QStringLiteral("cold_file_ms"), cold_files},
            {QStringLiteral("cold_swift_file_ms"), cold_swift_files},
            {QStringLiteral("cold_dir_ms"), cold_dirs},
            {QStringLiteral("query_compile_ms"), registry.compile_time.count() / 1000.0},
            {QStringLiteral("warm_total_ms"), median(warm_totals)},
            {QStringLiteral("warm_file_median_ms"), median(file_medians)},
            {QStringLiteral("first_result_ms"), first_result},
            {QStringLiteral("rss_growth_cold_mib"), growth(after_cold)},
            {QStringLiteral("rss_growth_warm_mib"), growth(after_warm)},
            {QStringLiteral("rss_growth_anonymous_mib"), anonymous_growth(after_warm)},
            {QStringLiteral("file_cache_mib"), mib(file_cache_bytes)},
            {QStringLiteral("tree_cache_mib"), mib(trees.bytes)},
            {QStringLiteral("anonymous_without_caches_mib"), anonymous_growth(without_caches)},
        };
        QFile out(parser.value(QStringLiteral("json-out")));
        if (!out.open(QIODevice::WriteOnly)) return 2;
        out.write(QJsonDocument(json).toJson());
    }
    return 0;
}
