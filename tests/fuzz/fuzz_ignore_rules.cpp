// libFuzzer harness for .rooignore / .gitignore text and the paths tested against it: node-ignore's
// rule parsing and matching (IgnoreRules) and RooIgnoreController, which loads .rooignore from a
// workspace and answers the model's file accesses and commands.
//
// Input: the rules text, a zero byte, then the paths, one per line (without a zero byte the whole
// input is the rules text and a few fixed paths are tested).
//
// Checks, beyond "no crash, no sanitizer report":
// - asking twice gives the same answer (the per-path cache), and rules built again and asked in
//   the reverse order give the same answers (no answer depends on what was asked before);
// - adding the text line by line is adding it at once (add() splits on \r?\n);
// - with ignorecase (node-ignore's default) a path whose ASCII letters change case is ignored
//   exactly when the path is;
// - the controller reads the file's text back as written (invalid UTF-8 as U+FFFD), and
//   filterPaths keeps exactly the paths validateAccess allows.

#include <unistd.h>

#include <QDir>
#include <QFile>

#include <cctype>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_common.h"
#include "ignore_rules.h"
#include "js_string.h"
#include "roo_ignore_controller.h"

using namespace lapce_ai;
using namespace lapce_ai::ignore;

namespace {

// "ignored", "kept" or the error, for comparing answers.
std::string answer(const Expected<bool, IgnoreError>& result) {
    if (result) return *result ? "ignored" : "kept";
    return "error " + std::to_string(static_cast<int>(result.error().kind)) + ": " +
           result.error().message;
}

// The same without the error's message, which quotes the path.
std::string answer_kind(const Expected<bool, IgnoreError>& result) {
    if (result) return *result ? "ignored" : "kept";
    return "error " + std::to_string(static_cast<int>(result.error().kind));
}

std::vector<std::string> lines_of(std::string_view text) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t end = text.find('\n', start);
        const std::size_t stop = end == std::string_view::npos ? text.size() : end;
        lines.emplace_back(text.substr(start, stop - start));
        if (end == std::string_view::npos) break;
        start = end + 1;
    }
    return lines;
}

std::string toggled_ascii_case(std::string path) {
    for (char& c : path) {
        const auto byte = static_cast<unsigned char>(c);
        if (std::islower(byte))
            c = static_cast<char>(std::toupper(byte));
        else if (std::isupper(byte))
            c = static_cast<char>(std::tolower(byte));
    }
    return path;
}

void check_rules(std::string_view rules_text, const std::vector<std::string>& paths) {
    IgnoreRules rules;
    rules.add(rules_text);
    std::vector<std::string> answers;
    for (const std::string& path : paths) {
        answers.push_back(answer(rules.ignores(path)));
        fuzz::check(answer(rules.ignores(path)) == answers.back(),
                    "asking the same path twice gave two answers");
    }

    IgnoreRules again;
    again.add(rules_text);
    for (std::size_t i = paths.size(); i-- > 0;)
        fuzz::check(answer(again.ignores(paths[i])) == answers[i],
                    "the answer depends on the paths asked before");

    // add() splits on \r?\n: a line's own \r goes with its \n.
    IgnoreRules line_by_line;
    for (std::string line : lines_of(rules_text)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        line_by_line.add(line);
    }
    fuzz::check(line_by_line.rule_count() == rules.rule_count(),
                "adding line by line made another number of rules");
    for (std::size_t i = 0; i < paths.size(); ++i) {
        fuzz::check(answer(line_by_line.ignores(paths[i])) == answers[i],
                    "adding line by line gave another answer");
        fuzz::check(answer_kind(rules.ignores(toggled_ascii_case(paths[i]))) ==
                        answer_kind(rules.ignores(paths[i])),
                    "with ignorecase, a path in other letter case gave another answer");
    }
}

struct Workspace {
    std::string dir =
        QDir::tempPath().toStdString() + "/lapce-ai-fuzz-ignore-" + std::to_string(::getpid());
    Workspace() { QDir().mkpath(QString::fromStdString(dir + "/src")); }
    ~Workspace() { QDir(QString::fromStdString(dir)).removeRecursively(); }
};

void check_controller(std::string_view rules_text, const std::vector<std::string>& paths) {
    static Workspace workspace;
    // Written as a new file each time (rename), as an editor saves; without QSaveFile's fsync,
    // which on a busy disk takes longer than libFuzzer's hang timeout.
    const std::string rooignore = workspace.dir + "/.rooignore";
    {
        QFile file(QString::fromStdString(rooignore + ".new"));
        fuzz::check(file.open(QIODevice::WriteOnly | QIODevice::Truncate),
                    "cannot write .rooignore");
        fuzz::check(file.write(rules_text.data(), static_cast<qint64>(rules_text.size())) ==
                        static_cast<qint64>(rules_text.size()),
                    "cannot write .rooignore");
    }
    fuzz::check(std::rename((rooignore + ".new").c_str(), rooignore.c_str()) == 0,
                "cannot write .rooignore");

    RooIgnoreController controller(workspace.dir);
    controller.initialize();
    const std::optional<std::string>& content = controller.roo_ignore_content();
    fuzz::check(content && *content == prompts::decode_utf8_lossy(rules_text),
                ".rooignore was not read back as written");

    std::vector<std::string> allowed;
    for (const std::string& path : paths) {
        if (controller.validate_access(path)) allowed.push_back(path);
        (void)controller.validate_command("cat " + path);
        (void)controller.validate_command(path);
    }
    fuzz::check(controller.filter_paths(paths) == allowed,
                "filterPaths kept other paths than validateAccess allows");
    (void)controller.get_instructions();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const std::size_t split = input.find('\0');
    const std::string_view rules_text = input.substr(0, split);
    std::vector<std::string> paths;
    if (split == std::string_view::npos) {
        paths = {"src/main.ts", "src/", "node_modules/a/b.js", ".env", "a/b/c", "dist/out.min.js"};
    } else {
        paths = lines_of(input.substr(split + 1));
    }
    if (paths.size() > 64) paths.resize(64);

    check_rules(rules_text, paths);
    check_controller(rules_text, paths);
    return 0;
}
