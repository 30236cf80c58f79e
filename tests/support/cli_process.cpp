#include "cli_process.h"

#include <QProcess>

namespace lapce_ai::testing {

CliRun run_cli(const QStringList& arguments) {
    QProcess process;
    process.start(qEnvironmentVariable("LAPCE_AI_CLI_BIN", QStringLiteral("lapce-ai")), arguments);
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
