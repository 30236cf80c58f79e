// The provider worker runs a call on its own thread and returns its outcome; a stop requested
// from another thread (what the service does when CANCEL arrives) aborts the upstream exchange
// right away, and a stop requested before the call cancels it too.
#include <QTest>

#include <atomic>
#include <chrono>
#include <stop_token>
#include <string>
#include <thread>

#include "ordered_json.h"
#include "provider_worker.h"
#include "replay_server.h"
#include "test_json.h"

using namespace lapce_ai;
using namespace lapce_ai::providers;
using json::OrderedJson;

namespace {

OrderedJson parse(std::string_view text) {
    return lapce_ai::testing::parse_test_json(text);
}

// A Chat Completions stream of `events` content chunks.
OrderedJson chat_stream(int events) {
    std::string sse = "[";
    for (int i = 0; i < events; ++i)
        sse += R"({"data":{"choices":[{"index":0,"delta":{"content":"part )" + std::to_string(i) +
               R"("}}]}},)";
    sse += R"({"data":"[DONE]"}])";
    return parse(R"([{"repeat":true,"match":{"path":"/chat/completions"},"sse":)" + sse + "}]");
}

std::string openai_settings(const QByteArray& base_url) {
    return R"({"openAiBaseUrl":")" + base_url.toStdString() +
           R"(/v1","openAiApiKey":"sk-local","openAiModelId":"gpt-4o"})";
}

class CountingSink : public ChunkSink {
  public:
    void on_chunk(ApiStreamChunk chunk) override {
        if (chunk.type == ApiStreamChunk::Type::Text) text += chunk.text;
        chunks.fetch_add(1);
    }
    std::string text;
    std::atomic<int> chunks{0};
};

ProviderWorker::MakeTask create_message(CountingSink& sink) {
    return [&sink](ApiHandler& handler) {
        return handler.create_message("You are terse.",
                                      parse(R"([{"role":"user","content":"hello"}])"), {}, sink);
    };
}

}  // namespace

class TestProviderWorker : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void a_call_that_is_not_stopped_returns_the_tasks_outcome() {
        testing::ReplayServerThread provider(chat_stream(3));
        ProviderWorker worker;
        CountingSink sink;
        const ProviderWorker::Outcome outcome =
            worker.run("openai", openai_settings(provider.base_url()), "task", create_message(sink),
                       std::stop_token());
        QVERIFY(!outcome.cancelled);
        QVERIFY(!outcome.error);
        QCOMPARE(sink.text, std::string("part 0part 1part 2"));
    }

    void a_stop_from_another_thread_aborts_the_upstream_exchange() {
        // 50 events 200 ms apart: the stream would last 10 s.
        testing::ReplayServerThread provider(chat_stream(50), /*event_pause_ms=*/200);
        ProviderWorker worker;
        CountingSink sink;
        std::stop_source stop;
        std::jthread canceller([&](std::stop_token own) {
            const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
            while (sink.chunks.load() == 0 && !own.stop_requested() &&
                   std::chrono::steady_clock::now() < deadline) {
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
            }
            stop.request_stop();
        });
        const auto started = std::chrono::steady_clock::now();
        const ProviderWorker::Outcome outcome =
            worker.run("openai", openai_settings(provider.base_url()), "task", create_message(sink),
                       stop.get_token());
        QVERIFY(outcome.cancelled);
        QVERIFY(!outcome.error);
        QVERIFY(sink.chunks.load() >= 1);
        QVERIFY(std::chrono::steady_clock::now() - started < std::chrono::seconds(9));
        QTRY_COMPARE_WITH_TIMEOUT(provider.interrupted_responses(), 1, 5000);

        // The worker goes on serving.
        CountingSink next;
        testing::ReplayServerThread quick(chat_stream(1));
        QVERIFY(!worker
                     .run("openai", openai_settings(quick.base_url()), "task", create_message(next),
                          std::stop_token())
                     .cancelled);
        QCOMPARE(next.text, std::string("part 0"));
    }

    void a_stop_requested_before_the_call_cancels_it() {
        testing::ReplayServerThread provider(chat_stream(50), /*event_pause_ms=*/200);
        ProviderWorker worker;
        CountingSink sink;
        std::stop_source stop;
        stop.request_stop();
        const ProviderWorker::Outcome outcome =
            worker.run("openai", openai_settings(provider.base_url()), "task", create_message(sink),
                       stop.get_token());
        QVERIFY(outcome.cancelled);
        QCOMPARE(sink.chunks.load(), 0);
    }
};

QTEST_GUILESS_MAIN(TestProviderWorker)
#include "test_provider_worker.moc"
