#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <cstdio>

#include "cli_options.h"
#include "system/system_prompt_json.h"
#include "system/system_prompt_proto.h"

namespace lapce_ai::cli {

int run_prompt(const CliOptions& options) {
    std::string settings_text = "{}";
    if (!options.settings_file.isEmpty()) {
        QFile file(options.settings_file);
        if (!file.open(QIODevice::ReadOnly)) {
            std::fprintf(stderr, "lapce-ai: cannot read %s: %s\n",
                         qUtf8Printable(options.settings_file), qUtf8Printable(file.errorString()));
            return 2;
        }
        settings_text = file.readAll().toStdString();
    }
    auto settings =
        prompts::system_prompt_settings_from_json(settings_text, prompts::editor_default_input());
    if (!settings) {
        std::fprintf(stderr, "lapce-ai: %s: %s\n", qUtf8Printable(options.settings_file),
                     settings.error().c_str());
        return 2;
    }
    prompts::SystemPromptInput& input = settings->input;
    // The workspace: --cwd, else the settings' cwd, else the current directory; absolute.
    QString cwd = options.cwd.isEmpty() ? QString::fromStdString(input.cwd) : options.cwd;
    if (cwd.isEmpty()) cwd = QDir::currentPath();
    input.cwd = QDir::fromNativeSeparators(QFileInfo(cwd).absoluteFilePath()).toStdString();
    if (!options.mode.isEmpty()) input.mode = options.mode.toStdString();

    ipc::proto::BuildSystemPromptRequest request = prompts::to_proto(input);
    request.set_profile(options.profile.isEmpty() ? settings->profile
                                                  : options.profile.toStdString());
    ipc::IpcClient client(options.client);
    ipc::proto::SystemPromptReply reply;
    if (auto result = client.call(ipc::proto::BUILD_SYSTEM_PROMPT_REQUEST, request,
                                  ipc::proto::SYSTEM_PROMPT_REPLY, reply);
        !result) {
        return report_error(result.error());
    }
    std::fwrite(reply.text().data(), 1, reply.text().size(), stdout);
    return 0;
}

}  // namespace lapce_ai::cli
