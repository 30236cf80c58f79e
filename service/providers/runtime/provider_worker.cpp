#include "provider_worker.h"

#include <QMetaObject>

#include <condition_variable>

#include "api_key_resolution.h"
#include "ordered_json.h"
#include "provider_error.h"

namespace lapce_ai::providers {

struct ProviderWorker::Job {
    std::mutex mutex;
    std::condition_variable finished;
    bool done = false;
    Outcome outcome;
    // Touched only on the worker thread; the handler stays alive while its task runs.
    std::shared_ptr<ApiHandler> handler;
    Task<void> task;
};

// Everything owned by the worker thread: created and destroyed there.
class ProviderWorker::Loop : public QObject {
  public:
    explicit Loop(const ProviderWorkerConfig& config) {
        for (const auto& [from, to] : config.host_rewrites) http.add_host_rewrite(from, to);
        context.http = &http;
        context.api_request_timeout = config.api_request_timeout;
    }

    HttpClient http;
    ProviderContext context;
    // Most recently used first.
    std::list<std::pair<std::string, std::shared_ptr<ApiHandler>>> handlers;
};

ProviderWorker::ProviderWorker(ProviderWorkerConfig config) : config_(std::move(config)) {
    thread_.setObjectName(QStringLiteral("lapce-ai providers"));
    anchor_.moveToThread(&thread_);
    thread_.start();
    QMetaObject::invokeMethod(
        &anchor_, [this] { loop_ = std::make_unique<Loop>(config_); },
        Qt::BlockingQueuedConnection);
}

ProviderWorker::~ProviderWorker() {
    QMetaObject::invokeMethod(
        &anchor_, [this] { loop_.reset(); }, Qt::BlockingQueuedConnection);
    thread_.quit();
    thread_.wait();
}

std::shared_ptr<ApiHandler> ProviderWorker::handler_for(const std::string& provider,
                                                        const std::string& settings_json,
                                                        const std::string& task_id) {
    const std::string key = provider + '\n' + task_id + '\n' + settings_json;
    auto& handlers = loop_->handlers;
    for (auto it = handlers.begin(); it != handlers.end(); ++it) {
        if (it->first == key) {
            handlers.splice(handlers.begin(), handlers, it);
            return handlers.front().second;
        }
    }
    auto settings =
        json::parse_ordered_json(settings_json.empty() ? std::string("{}") : settings_json);
    if (!settings || !settings->is_object()) {
        throw ProviderError("Error", "provider settings are not a JSON object" +
                                         (settings ? std::string() : ": " + settings.error()));
    }
    handlers.emplace_front(
        key, build_api_handler(provider, ProviderSettings(std::move(*settings)), loop_->context));
    while (handlers.size() > config_.handler_cache_size) handlers.pop_back();
    return handlers.front().second;
}

ProviderWorker::Outcome ProviderWorker::run(const std::string& provider,
                                            const std::string& given_settings_json,
                                            const std::string& task_id, MakeTask make,
                                            std::stop_token cancellation) {
    // Before the handler cache: a key stored after a keyless call must reach the next one.
    std::string settings_json = config_.fill_missing_api_keys
                                    ? settings_with_api_key(provider, given_settings_json)
                                    : given_settings_json;
    auto job = std::make_shared<Job>();
    auto finish = [job](Outcome outcome) {
        std::lock_guard lock(job->mutex);
        if (job->done) return;
        job->outcome = std::move(outcome);
        job->done = true;
        job->finished.notify_all();
    };
    QMetaObject::invokeMethod(
        loop_.get(), [this, job, finish, provider, settings_json = std::move(settings_json),
                      task_id, make = std::move(make)] {
            try {
                job->handler = handler_for(provider, settings_json, task_id);
                job->task = make(*job->handler);
                job->task.start([finish](std::exception_ptr error) { finish({error, false}); });
            } catch (...) {
                finish({std::current_exception(), false});
            }
        });

    std::unique_lock lock(job->mutex);
    {
        // Runs in the thread that requests the stop (the session reading CANCEL), or here at
        // once when it already was. The abort is queued behind the job's start on the worker,
        // never run in place: a stop requested from the task's own code must not destroy it.
        std::stop_callback on_cancel(std::move(cancellation), [this, job, finish] {
            QMetaObject::invokeMethod(
                loop_.get(),
                [this, job, finish] {
                    if (job->task.valid() && !job->task.done()) {
                        // Destroying the suspended task aborts its request on the worker thread.
                        loop_->http.cancel_with([&] { job->task = Task<void>(); });
                        finish({nullptr, true});
                    }
                },
                Qt::QueuedConnection);
        });
        job->finished.wait(lock, [&] { return job->done; });
    }
    Outcome outcome = job->outcome;
    lock.unlock();
    // The task (and its handler reference) are released on the worker thread.
    QMetaObject::invokeMethod(loop_.get(), [job] {
        job->task = Task<void>();
        job->handler.reset();
    });
    return outcome;
}

std::map<std::string, HttpHostMetrics> ProviderWorker::metrics() const {
    return loop_ ? loop_->http.metrics() : std::map<std::string, HttpHostMetrics>();
}

}  // namespace lapce_ai::providers
