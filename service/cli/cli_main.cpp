// lapce-ai: the command-line client of lapce-ai-service.
#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>

#include "cli_options.h"

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("lapce-ai"));
    QCoreApplication::setApplicationVersion(QStringLiteral(LAPCE_AI_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Talk to lapce-ai-service.\n\nCommands:\n"
        "  ping                 check that the service answers\n"
        "  status [--json]      live metrics: sessions, messages, latency, memory\n"
        "  status --watch       a line per metrics frame (--interval MS, --count N,\n"
        "                       --json: a JSON object per line)\n"
        "  bench ipc            round-trip latency and stream throughput\n"
        "  bench reconnect      SIGKILL the service and time the recovery\n"
        "  prompt               the system prompt for a workspace (--mode, --cwd,\n"
        "                       --settings FILE.json, --profile)\n"
        "  defs PATH            code definitions of a file or directory, as the\n"
        "                       reference prints them (--cwd: apply its .rooignore)\n"
        "  chat MESSAGE         stream a provider's answer (--provider, --model,\n"
        "                       --base-url, --system, --settings FILE.json); the key\n"
        "                       comes from the vendor's environment variable, else\n"
        "                       the service's environment or the system keychain\n"
        "  key set PROVIDER     store the provider's API key (one line of standard\n"
        "                       input) in the system keychain\n"
        "  key delete PROVIDER  delete it\n"
        "  key status PROVIDER  whether a key is stored (never prints it)"));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(
        QStringLiteral("command"),
        QStringLiteral("ping | status | bench | prompt | defs | chat | key"));
    parser.addOptions({
        {QStringLiteral("socket-dir"), QStringLiteral("The service's runtime directory."),
         QStringLiteral("dir")},
        {QStringLiteral("json"), QStringLiteral("Print one JSON object.")},
        {QStringLiteral("transport"), QStringLiteral("shm (default) or socket."),
         QStringLiteral("name")},
        {QStringLiteral("wake"), QStringLiteral("futex (default on Linux) or doorbell."),
         QStringLiteral("mode")},
        {QStringLiteral("size"),
         QStringLiteral("bench ipc: payload bytes per message (default 64)."),
         QStringLiteral("bytes")},
        {QStringLiteral("messages"),
         QStringLiteral("bench ipc: round trips to time (default 100000)."),
         QStringLiteral("count")},
        {QStringLiteral("stream-messages"),
         QStringLiteral("bench ipc: streamed messages (default: --messages)."),
         QStringLiteral("count")},
        {QStringLiteral("trials"), QStringLiteral("bench reconnect: kills to time (default 10)."),
         QStringLiteral("count")},
        {QStringLiteral("watch"), QStringLiteral("status: follow the metrics feed.")},
        {QStringLiteral("interval"),
         QStringLiteral("status --watch: milliseconds between frames (default 500, min 100)."),
         QStringLiteral("ms")},
        {QStringLiteral("count"),
         QStringLiteral("status --watch: stop after this many frames (default: never)."),
         QStringLiteral("n")},
        {QStringLiteral("service-program"),
         QStringLiteral("Start this service binary when none answers."), QStringLiteral("path")},
        {QStringLiteral("timeout-ms"), QStringLiteral("Request timeout (default 30000)."),
         QStringLiteral("ms")},
        {QStringLiteral("mode"), QStringLiteral("prompt: mode slug (default architect)."),
         QStringLiteral("slug")},
        {QStringLiteral("cwd"),
         QStringLiteral("prompt, defs: workspace directory (prompt default: current)."),
         QStringLiteral("dir")},
        {QStringLiteral("settings"),
         QStringLiteral("prompt: JSON file with SYSTEM_PROMPT inputs (see README)."),
         QStringLiteral("file")},
        {QStringLiteral("profile"), QStringLiteral("prompt: identity profile (roo, kilo)."),
         QStringLiteral("id")},
        {QStringLiteral("provider"),
         QStringLiteral("chat: apiProvider (openai, anthropic, ollama, ...)."),
         QStringLiteral("name")},
        {QStringLiteral("model"), QStringLiteral("chat: model id."), QStringLiteral("id")},
        {QStringLiteral("base-url"), QStringLiteral("chat: the provider's base URL."),
         QStringLiteral("url")},
        {QStringLiteral("system"), QStringLiteral("chat: system prompt."), QStringLiteral("text")},
    });
    parser.process(app);

    lapce_ai::cli::CliOptions options;
    options.client.client_name = "lapce-ai-cli";
    options.client.socket_dir = parser.value(QStringLiteral("socket-dir"));
    options.client.service_program = parser.value(QStringLiteral("service-program"));
    options.json = parser.isSet(QStringLiteral("json"));
    options.mode = parser.value(QStringLiteral("mode"));
    options.cwd = parser.value(QStringLiteral("cwd"));
    options.settings_file = parser.value(QStringLiteral("settings"));
    options.profile = parser.value(QStringLiteral("profile"));
    options.provider = parser.value(QStringLiteral("provider"));
    options.model = parser.value(QStringLiteral("model"));
    options.base_url = parser.value(QStringLiteral("base-url"));
    options.system = parser.value(QStringLiteral("system"));
    bool ok = true;
    auto number = [&](const char* name, std::uint32_t fallback) {
        const QString text = parser.value(QString::fromLatin1(name));
        if (text.isEmpty()) return fallback;
        bool parsed = false;
        const std::uint32_t value = text.toUInt(&parsed);
        ok = ok && parsed;
        return value;
    };
    options.size = number("size", options.size);
    options.messages = number("messages", options.messages);
    options.stream_messages = number("stream-messages", 0);
    options.trials = number("trials", options.trials);
    options.watch = parser.isSet(QStringLiteral("watch"));
    options.interval_ms = number("interval", 0);
    options.count = number("count", 0);
    options.client.request_timeout = std::chrono::milliseconds(number("timeout-ms", 30000));
    const QString transport = parser.value(QStringLiteral("transport"));
    if (transport == QStringLiteral("socket")) {
        options.client.transport = lapce_ai::ipc::proto::TRANSPORT_SOCKET;
    } else if (!transport.isEmpty() && transport != QStringLiteral("shm")) {
        ok = false;
    }
    const QString wake = parser.value(QStringLiteral("wake"));
    if (wake == QStringLiteral("doorbell")) {
        options.client.wake = lapce_ai::ipc::proto::WAKE_DOORBELL;
    } else if (wake == QStringLiteral("futex")) {
        options.client.wake = lapce_ai::ipc::proto::WAKE_FUTEX;
    } else if (!wake.isEmpty()) {
        ok = false;
    }
    if (!ok || options.messages == 0) {
        std::fprintf(stderr, "lapce-ai: invalid option value (see --help)\n");
        return 2;
    }

    const QStringList command = parser.positionalArguments();
    const QString verb = command.value(0);
    const QString object = command.value(1);
    if (verb == QStringLiteral("ping") && command.size() == 1)
        return lapce_ai::cli::run_ping(options);
    if (verb == QStringLiteral("prompt") && command.size() == 1)
        return lapce_ai::cli::run_prompt(options);
    if (verb == QStringLiteral("defs") && command.size() == 2)
        return lapce_ai::cli::run_defs(options, object);
    if (verb == QStringLiteral("chat") && command.size() == 2 && !options.provider.isEmpty()) {
        // A model may think for minutes before its first token: the reference's 600 s limit.
        if (!parser.isSet(QStringLiteral("timeout-ms")))
            options.client.request_timeout = std::chrono::minutes(10);
        return lapce_ai::cli::run_chat(options, object);
    }
    if (verb == QStringLiteral("key") && command.size() == 3)
        return lapce_ai::cli::run_key(object, command.value(2));
    if (verb == QStringLiteral("status") && command.size() == 1) {
        return options.watch ? lapce_ai::cli::run_status_watch(options)
                             : lapce_ai::cli::run_status(options);
    }
    if (verb == QStringLiteral("bench") && object == QStringLiteral("ipc") && command.size() == 2) {
        return lapce_ai::cli::run_bench_ipc(options);
    }
    if (verb == QStringLiteral("bench") && object == QStringLiteral("reconnect") &&
        command.size() == 2) {
        return lapce_ai::cli::run_bench_reconnect(options);
    }
    std::fprintf(stderr, "lapce-ai: unknown command '%s' (see --help)\n",
                 qUtf8Printable(command.join(QLatin1Char(' '))));
    return 2;
}
