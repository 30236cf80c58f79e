#pragma once

// The thread the provider layer runs on: its own event loop, its HttpClient (and so its
// QNetworkAccessManager and connection pool), and the handlers built for recent settings, so
// that a handler's state (openai-native's previous response id) carries over between calls
// of one task. Callers on other threads run a job and wait for it, cancellably.

#include <QThread>

#include <atomic>
#include <cstdint>
#include <exception>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <stop_token>
#include <string>

#include "api_handler.h"
#include "http_client.h"
#include "task.h"

namespace lapce_ai::providers {

struct ProviderWorkerConfig {
    std::chrono::milliseconds api_request_timeout{600'000};
    std::size_t handler_cache_size = 64;
    // Prefix rewrites applied to every request URL (see HttpClient::add_host_rewrite).
    std::vector<std::pair<QString, QString>> host_rewrites;
    // Fill a key the settings lack from the environment or the keychain (api_key_resolution.h).
    bool fill_missing_api_keys = true;
};

class ProviderWorker {
  public:
    explicit ProviderWorker(ProviderWorkerConfig config = {});
    ~ProviderWorker();
    ProviderWorker(const ProviderWorker&) = delete;
    ProviderWorker& operator=(const ProviderWorker&) = delete;

    // Makes the job's task on the worker thread (`make` gets the handler for `provider` +
    // `settings_json`, built once per distinct settings and task id) and runs it. A key the
    // settings lack is looked up first, on the caller's thread (see fill_missing_api_keys). Blocks
    // until the task finished, or until `cancellation` is stopped: then the task's destruction
    // (which aborts its HTTP exchange) is posted to the worker thread right away, from the thread
    // that requested the stop, and an outcome with `cancelled` set is returned. Otherwise the
    // outcome carries the exception the task threw, or nullptr.
    struct Outcome {
        std::exception_ptr error;
        bool cancelled = false;
    };
    using MakeTask = std::function<Task<void>(ApiHandler& handler)>;
    Outcome run(const std::string& provider, const std::string& settings_json,
                const std::string& task_id, MakeTask make, std::stop_token cancellation);

    std::map<std::string, HttpHostMetrics> metrics() const;

  private:
    class Loop;
    struct Job;
    std::shared_ptr<ApiHandler> handler_for(const std::string& provider,
                                            const std::string& settings_json,
                                            const std::string& task_id);

    ProviderWorkerConfig config_;
    QThread thread_;
    QObject anchor_;              // lives on thread_: where work is posted before loop_ exists
    std::unique_ptr<Loop> loop_;  // created and destroyed on thread_
};

}  // namespace lapce_ai::providers
