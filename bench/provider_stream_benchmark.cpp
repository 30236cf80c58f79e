// lapce-ai side of the provider benchmark: consumes streamed responses through a real handler
// (OpenAiHandler or AnthropicHandler, as the service runs them) and reports the CPU time spent
// per stream, the process's peak RSS and heap allocations per chunk as JSON. Paired with
// bench/node-baseline/provider-stream.mjs by bench/provider-compare.mjs.
//
//   bench_provider_stream --kind openai|anthropic --base-url URL [--repeat R] [--concurrent N]
//                         [--ca-file PEM]
//
// --concurrent runs N streams at once through the one handler in each timed run (CPU and chunks
// are then the run's totals); the peak RSS over 1 and over N streams gives the memory an active
// stream costs.
// --ca-file trusts that certificate (an https base URL with a self-signed one).

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QEventLoop>
#include <QFile>
#include <QSslCertificate>
#include <QSslConfiguration>

#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <span>
#include <string>
#include <vector>

#include "allocation_counter.h"
#include "api_handler.h"
#include "ordered_json.h"

using namespace lapce_ai;
using namespace lapce_ai::providers;

namespace {

double cpu_ms() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    auto ms = [](const timeval& time) {
        return static_cast<double>(time.tv_sec) * 1e3 + static_cast<double>(time.tv_usec) / 1e3;
    };
    return ms(usage.ru_utime) + ms(usage.ru_stime);
}

long peak_rss_kib() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

class CountingSink : public ChunkSink {
  public:
    void on_chunk(ApiStreamChunk chunk) override {
        ++chunks;
        bytes += chunk.text.size();
    }
    std::size_t chunks = 0;
    std::size_t bytes = 0;
};

// Runs one create_message per sink at once, to their ends, on this thread's event loop; false
// on any error.
bool run_streams(ApiHandler& handler, std::span<CountingSink> sinks) {
    std::vector<Task<void>> tasks;
    for (CountingSink& sink : sinks) {
        auto messages = json::parse_ordered_json(
            R"([{"role":"user","content":"Add a function `add(a, b)` to math.ts"}])");
        tasks.push_back(handler.create_message("You are Roo.", std::move(*messages), {}, sink));
    }
    QEventLoop loop;
    std::size_t running = tasks.size();
    std::exception_ptr error;
    for (Task<void>& task : tasks) {
        task.start([&](std::exception_ptr thrown) {
            if (thrown && !error) error = thrown;
            if (--running == 0) loop.quit();
        });
    }
    if (running > 0) loop.exec();
    if (error) {
        try {
            std::rethrow_exception(error);
        } catch (const std::exception& thrown) {
            std::fprintf(stderr, "bench_provider_stream: %s\n", thrown.what());
        }
        return false;
    }
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOptions(
        {{QStringLiteral("kind"), QStringLiteral("openai or anthropic"), QStringLiteral("kind")},
         {QStringLiteral("base-url"), QStringLiteral("the stream server's base URL"),
          QStringLiteral("url")},
         {QStringLiteral("repeat"), QStringLiteral("timed streams (default 1)"),
          QStringLiteral("n")},
         {QStringLiteral("concurrent"),
          QStringLiteral("streams run at once in each timed run (default 1)"), QStringLiteral("n")},
         {QStringLiteral("ca-file"), QStringLiteral("a PEM certificate to trust"),
          QStringLiteral("pem")}});
    parser.process(app);
    const std::string kind = parser.value(QStringLiteral("kind")).toStdString();
    const std::string base_url = parser.value(QStringLiteral("base-url")).toStdString();
    const int repeat =
        parser.isSet(QStringLiteral("repeat")) ? parser.value(QStringLiteral("repeat")).toInt() : 1;
    const int concurrent = parser.isSet(QStringLiteral("concurrent"))
                               ? parser.value(QStringLiteral("concurrent")).toInt()
                               : 1;
    if (repeat < 1 || concurrent < 1) {
        std::fprintf(stderr,
                     "bench_provider_stream: --repeat and --concurrent must be at least 1\n");
        return 1;
    }

    HttpClient http;
    if (parser.isSet(QStringLiteral("ca-file"))) {
        const auto certificates =
            QSslCertificate::fromPath(parser.value(QStringLiteral("ca-file")), QSsl::Pem);
        if (certificates.isEmpty()) {
            std::fprintf(stderr, "bench_provider_stream: no certificate in --ca-file\n");
            return 1;
        }
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.addCaCertificates(certificates);
        http.set_tls_configuration(tls);
    }
    ProviderContext context;
    context.http = &http;
    json::OrderedJson settings = json::OrderedJson::object({});
    if (kind == "openai") {
        settings.set("openAiBaseUrl", json::OrderedJson::string(base_url));
        settings.set("openAiApiKey", json::OrderedJson::string("bench"));
        settings.set("openAiModelId", json::OrderedJson::string("gpt-4o"));
    } else {
        settings.set("anthropicBaseUrl", json::OrderedJson::string(base_url));
        settings.set("apiKey", json::OrderedJson::string("bench"));
        settings.set("apiModelId", json::OrderedJson::string("claude-sonnet-4-5"));
    }
    std::unique_ptr<ApiHandler> handler;
    try {
        handler = build_api_handler(kind, ProviderSettings(settings), context);
    } catch (const std::exception& error) {
        std::fprintf(stderr, "bench_provider_stream: %s\n", error.what());
        return 1;
    }

    std::vector<CountingSink> warm_up(1);
    if (!run_streams(*handler, warm_up)) return 1;
    std::string runs;
    for (int i = 0; i < repeat; ++i) {
        std::vector<CountingSink> sinks(static_cast<std::size_t>(concurrent));
        const auto allocations_before = allocation_count();
        const double cpu_before = cpu_ms();
        const auto started = std::chrono::steady_clock::now();
        if (!run_streams(*handler, sinks)) return 1;
        std::size_t chunks = 0;
        for (const CountingSink& sink : sinks) chunks += sink.chunks;
        const double wall =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
                .count();
        const double cpu = cpu_ms() - cpu_before;
        const auto allocations_after = allocation_count();
        char run[256];
        std::snprintf(
            run, sizeof run,
            R"(%s{"cpu_ms":%.3f,"wall_ms":%.3f,"chunks":%zu,"allocations_per_chunk":%s})",
            runs.empty() ? "" : ",", cpu, wall, chunks,
            allocations_before
                ? std::to_string(static_cast<double>(*allocations_after - *allocations_before) /
                                 static_cast<double>(std::max<std::size_t>(chunks, 1)))
                      .c_str()
                : "null");
        runs += run;
    }
    std::printf("{\"concurrent\":%d,\"runs\":[%s],\"peak_rss_kib\":%ld}\n", concurrent,
                runs.c_str(), peak_rss_kib());
    return 0;
}
