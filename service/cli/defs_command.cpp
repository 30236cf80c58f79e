#include <QDir>
#include <QFileInfo>

#include <cstdio>

#include "cli_options.h"

namespace lapce_ai::cli {
namespace {

std::string absolute_path(const QString& path) {
    return QDir::fromNativeSeparators(QFileInfo(path).absoluteFilePath()).toStdString();
}

}  // namespace

int run_defs(const CliOptions& options, const QString& path) {
    ipc::proto::ListCodeDefinitionsRequest request;
    request.set_path(absolute_path(path));
    if (!options.cwd.isEmpty()) request.set_cwd(absolute_path(options.cwd));

    ipc::IpcClient client(options.client);
    ipc::proto::CodeDefinitionsReply reply;
    if (auto result = client.call(ipc::proto::LIST_CODE_DEFINITIONS_REQUEST, request,
                                  ipc::proto::CODE_DEFINITIONS_REPLY, reply);
        !result) {
        return report_error(result.error());
    }
    switch (reply.result()) {
        case ipc::proto::CodeDefinitionsReply::RESULT_STRING:
            std::fwrite(reply.text().data(), 1, reply.text().size(), stdout);
            return 0;
        case ipc::proto::CodeDefinitionsReply::RESULT_UNDEFINED:
            return 0;
        default:
            std::fprintf(stderr, "lapce-ai: %s\n", reply.text().c_str());
            return 1;
    }
}

}  // namespace lapce_ai::cli
