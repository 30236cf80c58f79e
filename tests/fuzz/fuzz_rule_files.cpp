// libFuzzer harness for the rule files a workspace (or the user's home) holds and the custom
// instructions built from them: rule directories with nested folders and symbolic links (loops
// included), legacy rule files, AGENTS.md and the per-mode system-prompt file, with any content.
//
// Input: records, each [kind][slot][length: 1 byte][data: length bytes]. kind % 3: 0 = a regular
// file at kSlots[slot] with `data` as its content, 1 = a symbolic link at kSlots[slot] to the
// slot data[0] names (kSlots, then the workspace itself, a missing path; a link may point at
// itself, at a folder above it or at another link), 2 = a directory. Slots already taken are
// skipped. The tree is built in a fresh temporary workspace; links stay inside it, so that a
// listing that follows them cannot wander through the machine.
//
// Checks, beyond "no crash, no hang, no sanitizer report": every function gives the same answer
// when asked twice (rule loading does not depend on cache state), and each rule-directory file
// the listing returns comes with its trimmed content.

#include <unistd.h>

#include <QDir>
#include <QFile>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "fuzz_common.h"
#include "instructions/custom_instructions.h"
#include "instructions/custom_system_prompt.h"
#include "instructions/rule_directory.h"
#include "prompt_environment.h"

using namespace lapce_ai;
using namespace lapce_ai::prompts;

namespace {

constexpr std::string_view kSlots[] = {
    ".roo/rules",
    ".roo/rules/a.md",
    ".roo/rules/b.txt",
    ".roo/rules/sub",
    ".roo/rules/sub/c.md",
    ".roo/rules/sub/deeper",
    ".roo/rules/sub/deeper/d.md",
    ".roo/rules/link",
    ".roo/rules/.DS_Store",
    ".roo/rules/notes.log",
    ".roo/rules-code",
    ".roo/rules-code/e.md",
    ".roo/rules-code/link",
    ".roo/system-prompt-code",
    ".roorules",
    ".roorules-code",
    ".clinerules",
    ".clinerules-code",
    "AGENTS.md",
    "AGENT.md",
    "home/.roo/rules",
    "home/.roo/rules/g.md",
    "home/.roo/rules-code/h.md",
    "outside",
    "outside/o.md",
};
constexpr std::size_t kSlotCount = sizeof(kSlots) / sizeof(kSlots[0]);

std::string describe(const Expected<std::string, RuleFileError>& result) {
    if (result) return "ok: " + *result;
    return "error: " + result.error().path + ": " + result.error().message;
}

std::string describe(const std::vector<RuleFile>& files) {
    std::string out;
    for (const RuleFile& file : files) out += file.filename + '\0' + file.content + '\0';
    return out;
}

// Everything the prompt builder asks of a workspace's rule files, as one comparable text.
std::string everything(const std::string& cwd, const PromptEnvironment& environment) {
    std::string out;
    out += describe(load_rule_files(cwd, environment)) + '\n';
    out += load_agent_rules_file(cwd) + '\n';
    CustomInstructionsOptions options;
    options.language = "fr";
    options.roo_ignore_instructions = "# .rooignore\n";
    out += describe(add_custom_instructions("mode instructions", "global instructions", cwd, "code",
                                            options, environment)) +
           '\n';
    PromptVariables variables;
    variables.workspace = cwd;
    variables.mode = "code";
    out += describe(load_system_prompt_file(cwd, "code", variables, environment)) + '\n';
    out += describe(read_text_files_from_directory(cwd + "/.roo/rules")) + '\n';
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static int counter = 0;
    const std::string cwd = QDir::tempPath().toStdString() + "/lapce-ai-fuzz-rules-" +
                            std::to_string(::getpid()) + "-" + std::to_string(++counter);
    namespace fs = std::filesystem;
    std::error_code ignored;
    fs::create_directories(cwd, ignored);

    bool taken[kSlotCount] = {};
    std::size_t at = 0;
    while (at + 3 <= size) {
        const int kind = data[at] % 3;
        const std::size_t slot = data[at + 1] % kSlotCount;
        const std::size_t length = std::min<std::size_t>(data[at + 2], size - at - 3);
        const std::string content(reinterpret_cast<const char*>(data + at + 3), length);
        at += 3 + length;
        if (taken[slot]) continue;
        taken[slot] = true;
        const fs::path path = fs::path(cwd) / kSlots[slot];
        fs::create_directories(path.parent_path(), ignored);
        if (kind == 0) {
            QFile file(QString::fromStdString(path.string()));
            if (file.open(QIODevice::WriteOnly))
                file.write(content.data(), static_cast<qint64>(content.size()));
        } else if (kind == 1) {
            const std::size_t target =
                content.empty() ? 0 : static_cast<unsigned char>(content[0]) % (kSlotCount + 2);
            const fs::path target_path = target < kSlotCount    ? fs::path(cwd) / kSlots[target]
                                         : target == kSlotCount ? fs::path(cwd)
                                                                : fs::path(cwd) / "missing";
            fs::create_symlink(target_path, path, ignored);
        } else {
            fs::create_directories(path, ignored);
        }
    }

    PromptEnvironment environment;
    environment.home_dir = cwd + "/home";
    environment.os_name = "Linux";
    environment.os_type = "Linux";
    environment.shell = "/bin/bash";
    environment.editor_language = "en";
    environment.profile = default_identity_profile();

    const std::string first = everything(cwd, environment);
    fuzz::check(everything(cwd, environment) == first,
                "reading the same rule files twice gave two answers");

    for (const RuleFile& file : read_text_files_from_directory(cwd + "/.roo/rules")) {
        const std::string_view content = file.content;
        fuzz::check(content.empty() || (content.front() != ' ' && content.front() != '\n' &&
                                        content.back() != ' ' && content.back() != '\n'),
                    "a rule file's content is not trimmed");
    }

    fs::remove_all(cwd, ignored);
    return 0;
}
