#include "cli_process.h"

#include <QProcess>

namespace lapce_ai::testing {

CliRun run_cli(const QStringList& arguments) {
    return run_cli(arguments, QProcessEnvironment::systemEnvironment());
}

CliRun run_cli(const QStringList& arguments, const QProcessEnvironment& environment,
               const QByteArray& input) {
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(qEnvironmentVariable("LAPCE_AI_CLI_BIN", QStringLiteral("lapce-ai")), arguments);
    if (process.waitForStarted(5000)) {
        process.write(input);
        process.closeWriteChannel();
    }
    CliRun run;
    if (!process.waitForFinished(60000)) {
        process.kill();
        process.waitForFinished();
        return run;
    }
    run.exit_code = process.exitCode();
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

}  // namespace lapce_ai::testing
