// The soak: a real service under eight clients for ten minutes (`--seconds N` or
// LAPCE_AI_SOAK_SECONDS for another length), killed with SIGKILL once a minute. The clients
// stream provider answers from a local replay server, list the definitions of a source tree and
// build system prompts, each restarting the service when it is gone, as the editor does. The
// service's RSS is sampled every second: its maximum stays under 50 MB and the last minute is no
// higher than the second. No request is lost: each call answers (an idempotent call is replayed
// after a restart) and each stream ends with its final chunk or a typed error.

#include <signal.h>

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "ipc_client.h"
#include "ordered_json.h"
#include "replay_server.h"
#include "service_process.h"
#include "source_dir.h"
#include "system/system_prompt_json.h"
#include "system/system_prompt_proto.h"
#include "test_json.h"

using lapce_ai::testing::ReplayServerThread;
using lapce_ai::testing::ServiceProcess;
namespace proto = lapce_ai::ipc::proto;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kClients = 8;
constexpr double kRssCeilingMiB = 50.0;
// RSS moves by a page or two between equal loads; growth is more than this.
constexpr double kGrowthToleranceMiB = 1.0;
constexpr int kStreamEvents = 20;
constexpr std::size_t kSourceFiles = 48;

int g_soak_seconds = 600;
int g_kill_every_seconds = 60;  // 0: never

double mib(std::uint64_t bytes) {
    return static_cast<double>(bytes) / (1024.0 * 1024.0);
}

std::optional<std::uint64_t> resident_bytes(qint64 pid) {
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly)) return std::nullopt;
    for (const QByteArray& line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:")) {
            return line.mid(6).trimmed().split(' ').value(0).toULongLong() * 1024;
        }
    }
    return std::nullopt;
}

std::string expected_stream_text() {
    std::string text;
    for (int i = 0; i < kStreamEvents; ++i) text += "part" + std::to_string(i) + " ";
    return text;
}

lapce_ai::json::OrderedJson chat_stream() {
    std::string sse = "[";
    for (int i = 0; i < kStreamEvents; ++i) {
        sse += R"({"data":{"choices":[{"index":0,"delta":{"content":"part)" + std::to_string(i) +
               R"( "}}]}},)";
    }
    sse +=
        R"({"data":{"choices":[],"usage":{"prompt_tokens":12,"completion_tokens":34}}},{"data":"[DONE]"}])";
    return lapce_ai::testing::parse_test_json(
        R"([{"repeat":true,"match":{"path":"/v1/chat/completions"},"sse":)" + sse + "}]");
}

// What every client saw; checked once all have stopped.
struct Tally {
    std::atomic<std::uint64_t> streams_complete{0};
    std::atomic<std::uint64_t> streams_restarted{0};
    std::atomic<std::uint64_t> definitions{0};
    std::atomic<std::uint64_t> prompts{0};
    std::mutex mutex;
    std::vector<std::string> failures;                 // lost requests, wrong answers, untyped ends
    std::map<std::string, std::string> first_answers;  // request → the first answer to it

    void fail(std::string what) {
        std::lock_guard lock(mutex);
        if (failures.size() < 20) failures.push_back(std::move(what));
    }
    // The first answer to `request` is the reference for every later one.
    bool same_as_first(const std::string& request, const std::string& answer) {
        std::lock_guard lock(mutex);
        return first_answers.try_emplace(request, answer).first->second == answer;
    }
};

class SoakClient {
  public:
    SoakClient(int index, lapce_ai::ipc::ClientOptions options, Tally& tally,
               const proto::CreateMessageRequest& chat, const std::vector<QString>& sources,
               const proto::BuildSystemPromptRequest& prompt)
        : index_(index),
          client_(std::move(options)),
          tally_(tally),
          chat_(chat),
          sources_(sources),
          prompt_(prompt) {}

    void run(const std::atomic<bool>& stop) {
        for (std::uint64_t turn = static_cast<std::uint64_t>(index_); !stop.load(); ++turn) {
            switch (turn % 3) {
                case 0:
                    stream_chat();
                    break;
                case 1:
                    list_definitions(sources_[turn % sources_.size()]);
                    break;
                default:
                    build_prompt();
                    break;
            }
        }
    }

  private:
    std::string who() const { return "client " + std::to_string(index_) + ": "; }

    void stream_chat() {
        std::string text;
        int usage_chunks = 0;
        proto::ApiStreamChunk chunk;
        const auto outcome = client_.stream(
            proto::CREATE_MESSAGE_REQUEST, chat_,
            [&](const lapce_ai::ipc::FrameHeader& header, std::span<const std::byte> payload) {
                if (header.kind != proto::API_STREAM_CHUNK) return true;
                if (!chunk.ParseFromArray(payload.data(), static_cast<int>(payload.size()))) {
                    return false;
                }
                if (chunk.has_text()) text += chunk.text();
                if (chunk.has_usage()) ++usage_chunks;
                return true;
            });
        if (!outcome) {
            // A stream is never replayed: the service's death ends it with this typed error.
            if (outcome.error().code == proto::SERVICE_RESTARTED) {
                tally_.streams_restarted.fetch_add(1);
            } else {
                tally_.fail(who() + "stream ended with error " +
                            std::to_string(outcome.error().code) + ": " + outcome.error().message);
            }
            return;
        }
        if (text != expected_stream_text() || usage_chunks != 1) {
            tally_.fail(who() + "stream ended without its final chunk or with other text: " + text);
            return;
        }
        tally_.streams_complete.fetch_add(1);
    }

    void list_definitions(const QString& path) {
        proto::ListCodeDefinitionsRequest request;
        request.set_path(path.toStdString());
        proto::CodeDefinitionsReply reply;
        const auto outcome = client_.call(proto::LIST_CODE_DEFINITIONS_REQUEST, request,
                                          proto::CODE_DEFINITIONS_REPLY, reply);
        if (!outcome) {
            tally_.fail(who() + "definitions of " + request.path() +
                        " lost: " + outcome.error().message);
            return;
        }
        if (!tally_.same_as_first("definitions " + request.path(),
                                  std::to_string(reply.result()) + reply.text())) {
            tally_.fail(who() + "definitions of " + request.path() + " changed");
            return;
        }
        tally_.definitions.fetch_add(1);
    }

    void build_prompt() {
        proto::SystemPromptReply reply;
        const auto outcome = client_.call(proto::BUILD_SYSTEM_PROMPT_REQUEST, prompt_,
                                          proto::SYSTEM_PROMPT_REPLY, reply);
        if (!outcome) {
            tally_.fail(who() + "prompt build lost: " + outcome.error().message);
            return;
        }
        if (reply.text().empty() || !tally_.same_as_first("system prompt", reply.text())) {
            tally_.fail(who() + "the system prompt changed");
            return;
        }
        tally_.prompts.fetch_add(1);
    }

    int index_;
    lapce_ai::ipc::IpcClient client_;
    Tally& tally_;
    const proto::CreateMessageRequest& chat_;
    const std::vector<QString>& sources_;
    const proto::BuildSystemPromptRequest& prompt_;
};

std::vector<QString> source_tree_files() {
    std::vector<QString> files;
    QDirIterator it(lapce_ai::testing::source_path(QStringLiteral("service")),
                    {QStringLiteral("*.cpp"), QStringLiteral("*.h")}, QDir::Files,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) files.push_back(it.next());
    std::sort(files.begin(), files.end());
    // Spread over the tree rather than the first directory only.
    std::vector<QString> chosen;
    const std::size_t step = std::max<std::size_t>(1, files.size() / kSourceFiles);
    for (std::size_t i = 0; i < files.size() && chosen.size() < kSourceFiles; i += step) {
        chosen.push_back(files[i]);
    }
    return chosen;
}

}  // namespace

class SoakTest : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void the_service_holds_its_memory_and_loses_no_request_under_load_and_kills() {
        ReplayServerThread provider(chat_stream());
        QVERIFY(provider.listening());
        QTemporaryDir workspace;
        QVERIFY(workspace.isValid());
        QFile readme(workspace.filePath(QStringLiteral("README.md")));
        QVERIFY(readme.open(QIODevice::WriteOnly));
        readme.write("# soak\n");
        readme.close();

        proto::CreateMessageRequest chat;
        chat.mutable_target()->set_provider("openai");
        chat.mutable_target()->set_settings_json(
            R"({"openAiBaseUrl":")" + provider.base_url().toStdString() +
            R"(/v1","openAiApiKey":"sk-local","openAiModelId":"gpt-4o"})");
        chat.set_system_prompt("You are terse.");
        chat.set_messages_json(R"([{"role":"user","content":"hello"}])");
        chat.mutable_metadata()->set_task_id("soak");
        auto prompt_input = lapce_ai::prompts::editor_default_input();
        prompt_input.cwd = workspace.path().toStdString();
        const proto::BuildSystemPromptRequest prompt = lapce_ai::prompts::to_proto(prompt_input);
        const std::vector<QString> sources = source_tree_files();
        QVERIFY(sources.size() >= 10);

        // No child service: the clients start one, and start the next after each kill.
        ServiceProcess service;
        auto options = service.client_options();
        options.reconnect.enabled = true;
        options.service_program = ServiceProcess::service_binary();
        options.request_timeout = std::chrono::seconds(30);

        Tally tally;
        std::atomic<bool> stop{false};
        std::vector<std::unique_ptr<SoakClient>> clients;
        std::vector<std::thread> threads;
        for (int i = 0; i < kClients; ++i) {
            clients.push_back(
                std::make_unique<SoakClient>(i, options, tally, chat, sources, prompt));
        }
        for (auto& client : clients) {
            threads.emplace_back([&client, &stop] { client->run(stop); });
        }

        const auto started = Clock::now();
        const auto end = started + std::chrono::seconds(g_soak_seconds);
        struct Sample {
            double seconds;
            double rss_mib;
            double heap_mib;        // the allocator's bytes in use, as the service reports
            double tree_cache_mib;  // the parsed-tree cache, as the service reports
        };
        std::vector<Sample> rss_curve;
        // The service's own figures, to tell a growing heap from a growing cache.
        auto observer_options = service.client_options();
        observer_options.reconnect.enabled = true;
        observer_options.request_timeout = std::chrono::seconds(2);
        lapce_ai::ipc::IpcClient observer(observer_options);
        proto::MetricsSnapshot snapshot;
        int kills = 0;
        int recoveries = 0;
        qint64 killed_pid = 0;
        const auto kill_period = std::chrono::seconds(g_kill_every_seconds);
        auto next_kill = started + kill_period;
        for (auto tick = started + std::chrono::seconds(1); tick <= end;
             tick += std::chrono::seconds(1)) {
            std::this_thread::sleep_until(tick);
            const qint64 pid = ServiceProcess::serving_pid(service.socket_dir());
            if (killed_pid != 0 && pid != 0 && pid != killed_pid) {
                ++recoveries;
                killed_pid = 0;
            }
            if (pid != 0) {
                if (const auto rss = resident_bytes(pid)) {
                    const bool reported = observer
                                              .call(proto::METRICS_REQUEST, proto::MetricsRequest{},
                                                    proto::METRICS_SNAPSHOT, snapshot)
                                              .has_value();
                    rss_curve.push_back({std::chrono::duration<double>(tick - started).count(),
                                         mib(*rss),
                                         reported ? mib(snapshot.heap_in_use_bytes()) : -1,
                                         reported ? mib(snapshot.tree_cache().bytes()) : -1});
                }
            }
            if (g_kill_every_seconds > 0 && tick >= next_kill &&
                tick + std::chrono::seconds(5) < end && pid != 0) {
                ::kill(static_cast<pid_t>(pid), SIGKILL);
                killed_pid = pid;
                ++kills;
                next_kill += kill_period;
            }
        }
        stop.store(true);
        for (auto& thread : threads) thread.join();

        // The figures, whatever the verdict.
        double maximum = 0;
        std::map<int, double> minute_maxima;
        for (const Sample& sample : rss_curve) {
            maximum = std::max(maximum, sample.rss_mib);
            double& minute = minute_maxima[static_cast<int>(sample.seconds) / 60];
            minute = std::max(minute, sample.rss_mib);
        }
        std::printf("soak: %d s, %d clients, %d kills, %d recoveries\n", g_soak_seconds, kClients,
                    kills, recoveries);
        std::printf(
            "soak: streams %llu complete + %llu ended by a restart, definitions %llu, "
            "prompts %llu\n",
            static_cast<unsigned long long>(tally.streams_complete.load()),
            static_cast<unsigned long long>(tally.streams_restarted.load()),
            static_cast<unsigned long long>(tally.definitions.load()),
            static_cast<unsigned long long>(tally.prompts.load()));
        std::printf("soak: service RSS max %.1f MiB over %zu samples; per minute:", maximum,
                    rss_curve.size());
        for (const auto& [minute, rss] : minute_maxima) std::printf(" %.1f", rss);
        std::printf("\n");
        if (const QByteArray csv = qgetenv("LAPCE_AI_SOAK_CSV"); !csv.isEmpty()) {
            QFile out(QString::fromLocal8Bit(csv));
            QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
            out.write("seconds,rss_mib,heap_mib,tree_cache_mib\n");
            for (const Sample& sample : rss_curve) {
                out.write(QByteArray::number(sample.seconds, 'f', 0) + ',' +
                          QByteArray::number(sample.rss_mib, 'f', 2) + ',' +
                          QByteArray::number(sample.heap_mib, 'f', 2) + ',' +
                          QByteArray::number(sample.tree_cache_mib, 'f', 2) + '\n');
            }
        }
        std::fflush(stdout);

        for (const std::string& failure : tally.failures) qWarning("%s", failure.c_str());
        QVERIFY(tally.failures.empty());
        QCOMPARE(recoveries, kills);
        QVERIFY(tally.streams_complete.load() > 0);
        QVERIFY(tally.definitions.load() > 0);
        QVERIFY(tally.prompts.load() > 0);
        QVERIFY(!rss_curve.empty());
        QVERIFY2(maximum < kRssCeilingMiB, "the service's RSS reached the 50 MB ceiling");
        if (minute_maxima.size() >= 3) {
            const double second = minute_maxima.at(1);
            const double last = std::prev(minute_maxima.end())->second;
            QVERIFY2(last <= second + kGrowthToleranceMiB,
                     "the service's RSS grew from the second minute to the last");
        }
    }
};

int main(int argc, char** argv) {
    // `--seconds N` and `--kill-every S` (0: no kills) are ours; everything else goes to QtTest.
    std::vector<char*> arguments;
    if (const QByteArray env = qgetenv("LAPCE_AI_SOAK_SECONDS"); !env.isEmpty()) {
        g_soak_seconds = env.toInt();
    }
    for (int i = 0; i < argc; ++i) {
        if (std::string_view(argv[i]) == "--seconds" && i + 1 < argc) {
            g_soak_seconds = std::atoi(argv[++i]);
            continue;
        }
        if (std::string_view(argv[i]) == "--kill-every" && i + 1 < argc) {
            g_kill_every_seconds = std::atoi(argv[++i]);
            continue;
        }
        arguments.push_back(argv[i]);
    }
    if (g_soak_seconds < 10) {
        std::fprintf(stderr, "test_soak: --seconds must be at least 10\n");
        return 2;
    }
    // QtTest aborts a test function after five minutes unless told otherwise.
    if (qEnvironmentVariableIsEmpty("QTEST_FUNCTION_TIMEOUT")) {
        qputenv("QTEST_FUNCTION_TIMEOUT", QByteArray::number((g_soak_seconds + 300) * 1000));
    }
    int count = static_cast<int>(arguments.size());
    QCoreApplication app(count, arguments.data());
    SoakTest test;
    return QTest::qExec(&test, count, arguments.data());
}

#include "test_soak.moc"
