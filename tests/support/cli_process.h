#pragma once

#include <QByteArray>
#include <QProcessEnvironment>
#include <QStringList>

namespace lapce_ai::testing {

struct CliRun {
    int exit_code = -1;  // -1: it did not finish within a minute (and was killed)
    QByteArray out;
    QByteArray err;
};

// Runs the lapce-ai command line (LAPCE_AI_CLI_BIN) with `arguments` and waits for it.
CliRun run_cli(const QStringList& arguments);
// The same in `environment`, with `input` on its standard input.
CliRun run_cli(const QStringList& arguments, const QProcessEnvironment& environment,
               const QByteArray& input = {});

}  // namespace lapce_ai::testing
