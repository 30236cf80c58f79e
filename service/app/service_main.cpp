// lapce-ai-service: the headless AI core. Wires the components together and runs the event loop.
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QNetworkProxyFactory>

#include <cstring>
#include <string_view>

#include "builtin_handlers.h"
#include "daemon.h"
#include "definitions_handlers.h"
#include "handler_registry.h"
#include "ipc_server.h"
#include "memory_probe.h"
#include "prompt_environment.h"
#include "prompt_handlers.h"
#include "provider_handlers.h"
#include "restart_state.h"
#include "service_metrics.h"
#include "termination_signals.h"

namespace {

bool wants_foreground(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        const std::string_view argument = argv[i];
        if (argument == "--foreground" || argument == "-f" || argument == "--help" ||
            argument == "-h" || argument == "--version" || argument == "-v") {
            return true;
        }
    }
    return false;
}

std::uint32_t parse_number(const QString& text, std::uint32_t fallback, bool& ok) {
    if (text.isEmpty()) return fallback;
    const auto value = text.toUInt(&ok);
    return ok ? value : fallback;
}

}  // namespace

int main(int argc, char** argv) {
    lapce_ai::Daemon daemon = wants_foreground(argc, argv) ? lapce_ai::Daemon::stay_in_foreground()
                                                           : lapce_ai::Daemon::detach();
    lapce_ai::configure_service_heap();
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("lapce-ai-service"));
    QCoreApplication::setApplicationVersion(QStringLiteral(LAPCE_AI_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("lapce-ai background service"));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOptions({
        {{QStringLiteral("f"), QStringLiteral("foreground")},
         QStringLiteral("Stay attached to the terminal (for systemd and tests).")},
        {QStringLiteral("socket-dir"),
         QStringLiteral(
             "Directory for the socket, token and lock (default: $XDG_RUNTIME_DIR/lapce-ai)."),
         QStringLiteral("dir")},
        {QStringLiteral("ring-bytes"),
         QStringLiteral("Bytes per shared-memory ring, a power of two (default 262144)."),
         QStringLiteral("bytes")},
        {QStringLiteral("max-frame-bytes"),
         QStringLiteral("Largest accepted frame payload (default 16777216)."),
         QStringLiteral("bytes")},
        {QStringLiteral("max-sessions"), QStringLiteral("Concurrent sessions (default 256)."),
         QStringLiteral("count")},
        {QStringLiteral("handshake-timeout-ms"),
         QStringLiteral("Close connections that send no Hello within this time (default 5000)."),
         QStringLiteral("ms")},
        {QStringLiteral("write-timeout-ms"),
         QStringLiteral("Close sessions whose client stops reading for this long (default 5000)."),
         QStringLiteral("ms")},
        {QStringLiteral("profile"),
         QStringLiteral("Identity profile of the prompts when a request names none: roo (default) "
                        "or kilo."),
         QStringLiteral("id")},
    });
    parser.process(app);

    lapce_ai::ipc::ServerConfig config;
    config.socket_dir = parser.value(QStringLiteral("socket-dir"));
    bool ok = true;
    config.session.ring_bytes =
        parse_number(parser.value(QStringLiteral("ring-bytes")), config.session.ring_bytes, ok);
    config.session.max_frame_bytes = parse_number(parser.value(QStringLiteral("max-frame-bytes")),
                                                  config.session.max_frame_bytes, ok);
    config.session.max_sessions =
        parse_number(parser.value(QStringLiteral("max-sessions")),
                     static_cast<std::uint32_t>(config.session.max_sessions), ok);
    config.session.handshake_timeout = std::chrono::milliseconds(
        parse_number(parser.value(QStringLiteral("handshake-timeout-ms")),
                     static_cast<std::uint32_t>(config.session.handshake_timeout.count()), ok));
    config.session.write_timeout = std::chrono::milliseconds(
        parse_number(parser.value(QStringLiteral("write-timeout-ms")),
                     static_cast<std::uint32_t>(config.session.write_timeout.count()), ok));
    if (!ok || !lapce_ai::ipc::RingSegment::valid_ring_bytes(config.session.ring_bytes) ||
        config.session.max_frame_bytes == 0 ||
        config.session.max_frame_bytes > lapce_ai::ipc::kMaxFrameBytesLimit) {
        qCritical("lapce-ai-service: invalid numeric option (see --help)");
        daemon.report_failure();
        return 2;
    }

    lapce_ai::ipc::PromptServiceConfig prompt_config;
    if (parser.isSet(QStringLiteral("profile"))) {
        prompt_config.default_profile = parser.value(QStringLiteral("profile")).toStdString();
    }
    if (!lapce_ai::prompts::find_identity_profile(prompt_config.default_profile)) {
        qCritical("lapce-ai-service: unknown --profile '%s'",
                  prompt_config.default_profile.c_str());
        daemon.report_failure();
        return 2;
    }

    // The system's proxy (http_proxy, https_proxy, no_proxy; the desktop's settings through
    // libproxy) for provider requests; the HttpClient never sends loopback requests through it.
    QNetworkProxyFactory::setUseSystemConfiguration(true);

    lapce_ai::TerminationSignals termination;
    QObject::connect(&termination, &lapce_ai::TerminationSignals::terminationRequested, &app,
                     &QCoreApplication::quit);

    lapce_ai::ServiceMetrics metrics(QDateTime::currentMSecsSinceEpoch());
    lapce_ai::ipc::HandlerRegistry registry;
    lapce_ai::providers::ProviderWorker providers;
    lapce_ai::treesitter::DefinitionsEngine definitions(lapce_ai::FileReader::shared());
    lapce_ai::ipc::register_builtin_handlers(
        registry, metrics, config.session.max_frame_bytes,
        [&providers, &definitions](lapce_ai::ipc::proto::MetricsSnapshot& snapshot) {
            lapce_ai::ipc::fill_provider_host_metrics(providers,
                                                      *snapshot.mutable_provider_hosts());
            lapce_ai::ipc::fill_tree_cache_metrics(definitions.trees().stats(),
                                                   *snapshot.mutable_tree_cache());
        });
    lapce_ai::ipc::register_prompt_handlers(registry, prompt_config);
    lapce_ai::ipc::register_definitions_handlers(registry, definitions);
    lapce_ai::ipc::register_provider_handlers(registry, providers);
    registry.freeze();

    lapce_ai::ipc::IpcServer server(config, registry, metrics);
    if (auto listening = server.listen(); !listening) {
        qCritical("lapce-ai-service: %s", qUtf8Printable(listening.error()));
        daemon.report_failure();
        return 1;
    }
    // After listen(): the directory's lock is ours, so a "running" record is a dead service's.
    lapce_ai::RestartState restarts(server.paths().state_path);
    if (auto recorded = restarts.record_start(QCoreApplication::applicationPid()); !recorded) {
        qWarning("lapce-ai-service: %s", qUtf8Printable(recorded.error()));
    }
    metrics.service_starts = restarts.counts().service_starts;
    metrics.unclean_restarts = restarts.counts().unclean_restarts;
    daemon.report_ready();
    const int status = QCoreApplication::exec();
    if (auto recorded = restarts.record_clean_shutdown(); !recorded) {
        qWarning("lapce-ai-service: %s", qUtf8Printable(recorded.error()));
    }
    return status;
}
