#include "key_store.h"

#include <QCoreApplication>
#include <QMetaObject>
#include <QThread>

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>

#include <qt6keychain/keychain.h>

namespace lapce_ai::providers {
namespace {

// QtKeychain queues every job through one unsynchronised executor object that belongs to the
// thread of the first job and learns of each job's end through a signal: jobs from several
// threads (the service's request pool) would race on it, and a job finishing on another thread
// than the executor's would wait for a loop that may be gone. So every job runs on one thread
// of its own, started by the first call and stopped with the application object.
std::mutex g_thread_mutex;
std::unique_ptr<QThread> g_thread;
QObject* g_anchor = nullptr;  // lives on g_thread, deleted when it finishes

void stop_keychain_thread() {
    std::unique_ptr<QThread> thread;
    {
        std::lock_guard lock(g_thread_mutex);
        thread = std::move(g_thread);
        g_anchor = nullptr;
    }
    if (!thread) return;
    thread->quit();
    thread->wait();
}

// The object on the keychain thread jobs are created under, or nullptr without an application
// object.
QObject* keychain_anchor() {
    std::lock_guard lock(g_thread_mutex);
    if (g_anchor != nullptr) return g_anchor;
    QCoreApplication* app = QCoreApplication::instance();
    if (app == nullptr) return nullptr;
    auto thread = std::make_unique<QThread>();
    thread->setObjectName(QStringLiteral("lapce-ai keychain"));
    auto anchor = std::make_unique<QObject>();
    anchor->moveToThread(thread.get());
    QObject::connect(thread.get(), &QThread::finished, anchor.get(), &QObject::deleteLater);
    thread->moveToThread(app->thread());
    thread->start();
    qAddPostRoutine(stop_keychain_thread);
    g_anchor = anchor.release();
    g_thread = std::move(thread);
    return g_anchor;
}

KeyStoreError error_kind(QKeychain::Error error) {
    switch (error) {
        case QKeychain::NoError:
            return KeyStoreError::None;
        case QKeychain::EntryNotFound:
            return KeyStoreError::NotFound;
        case QKeychain::AccessDenied:
        case QKeychain::AccessDeniedByUser:
            return KeyStoreError::AccessDenied;
        case QKeychain::CouldNotDeleteEntry:
        case QKeychain::NoBackendAvailable:
        case QKeychain::NotImplemented:
        case QKeychain::OtherError:
            break;
    }
    return KeyStoreError::Unavailable;
}

struct Pending {
    std::mutex mutex;
    std::condition_variable finished;
    bool done = false;
    KeyStoreResult result;
};

// Makes the job (a child of `parent`, which deletes it if it never finishes) on the keychain
// thread.
using MakeJob = std::function<QKeychain::Job*(QObject* parent)>;

KeyStoreResult run_job(MakeJob make) {
    QObject* anchor = keychain_anchor();
    if (anchor == nullptr) return {KeyStoreError::Unavailable, "no application object", {}};
    auto pending = std::make_shared<Pending>();
    QMetaObject::invokeMethod(anchor, [anchor, pending, make = std::move(make)] {
        QKeychain::Job* job = make(anchor);
        QObject::connect(
            job, &QKeychain::Job::finished, anchor, [pending](QKeychain::Job* finished) {
                KeyStoreResult result;
                result.error = error_kind(finished->error());
                if (!result.ok()) {
                    result.message = finished->errorString().toStdString();
                } else if (auto* read = qobject_cast<QKeychain::ReadPasswordJob*>(finished)) {
                    result.key = read->textData().toStdString();
                }
                std::lock_guard lock(pending->mutex);
                pending->result = std::move(result);
                pending->done = true;
                pending->finished.notify_all();
            });
        job->start();  // the job deletes itself once it finished
    });
    std::unique_lock lock(pending->mutex);
    if (!pending->finished.wait_for(lock, kKeychainTimeout, [&] { return pending->done; })) {
        return {KeyStoreError::Unavailable,
                "no answer within " + std::to_string(kKeychainTimeout.count()) + " s",
                {}};
    }
    return std::move(pending->result);
}

QString service_name() {
    return QString::fromUtf8(kKeychainService);
}

QString account(std::string_view provider) {
    return QString::fromUtf8(provider.data(), static_cast<qsizetype>(provider.size()));
}

}  // namespace

KeyStoreResult read_stored_key(std::string_view provider) {
    return run_job([name = account(provider)](QObject* parent) {
        auto* job = new QKeychain::ReadPasswordJob(service_name(), parent);
        job->setKey(name);
        return job;
    });
}

KeyStoreResult write_stored_key(std::string_view provider, std::string_view key) {
    return run_job([name = account(provider),
                    value = QString::fromUtf8(key.data(), static_cast<qsizetype>(key.size()))](
                       QObject* parent) {
        auto* job = new QKeychain::WritePasswordJob(service_name(), parent);
        job->setKey(name);
        job->setTextData(value);
        return job;
    });
}

KeyStoreResult delete_stored_key(std::string_view provider) {
    return run_job([name = account(provider)](QObject* parent) {
        auto* job = new QKeychain::DeletePasswordJob(service_name(), parent);
        job->setKey(name);
        return job;
    });
}

std::string describe_key_store_error(const KeyStoreResult& result) {
    switch (result.error) {
        case KeyStoreError::None:
            return {};
        case KeyStoreError::NotFound:
            return "no key stored";
        case KeyStoreError::AccessDenied:
            return "keychain access denied: " + result.message;
        case KeyStoreError::Unavailable:
            break;
    }
    return "keychain unavailable: " + result.message;
}

}  // namespace lapce_ai::providers
