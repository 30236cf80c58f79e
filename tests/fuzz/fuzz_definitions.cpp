// libFuzzer harness for the bytes of source files and the editor's edits: a file of any content
// in any supported language (except Swift, whose query takes ~25 s to compile) goes through the
// definitions function the service uses, then through DidChange edits and again. Input layout:
// [0] selects the extension, [1] the number of edits (low 2 bits), [2, 2 + 8 * edits) the edits
// (start line, start character, end line, end character, one byte each, then 4 unused), the rest
// is the file. Any result or typed error is fine; a crash, leak or sanitizer report is not.

#include <unistd.h>

#include <QDir>

#include <string>
#include <vector>

#include "definitions.h"
#include "file_reader.h"

using namespace lapce_ai;
using namespace lapce_ai::treesitter;

namespace {

constexpr const char* kExtensions[] = {
    "js",  "jsx", "ts",   "tsx", "json", "py",  "rs",   "go", "c",        "h",     "cpp",  "hpp",
    "cs",  "rb",  "java", "php", "kt",   "css", "html", "ml", "mli",      "sol",   "toml", "vue",
    "lua", "rdl", "tla",  "zig", "ejs",  "el",  "ex",   "md", "markdown", "scala", "vb",   "txt"};
constexpr std::size_t kExtensionCount = sizeof(kExtensions) / sizeof(kExtensions[0]);

struct Harness {
    FileReader reader{4 * 1024 * 1024};
    DefinitionsEngine engine{reader};
    std::string dir =
        QDir::tempPath().toStdString() + "/lapce-ai-fuzz-definitions-" + std::to_string(::getpid());
    Harness() { QDir().mkpath(QString::fromStdString(dir)); }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static Harness harness;
    if (size < 2) return 0;
    const std::string path = harness.dir + "/input." + kExtensions[data[0] % kExtensionCount];
    const std::size_t edit_count = data[1] & 3;
    const std::size_t header = 2 + 8 * edit_count;
    if (size < header) return 0;
    const std::string text(reinterpret_cast<const char*>(data + header), size - header);

    FILE* file = std::fopen(path.c_str(), "wb");
    if (!file) return 0;
    std::fwrite(text.data(), 1, text.size(), file);
    std::fclose(file);
    (void)parse_source_code_definitions_for_file(harness.engine, path);

    std::vector<TextEdit> edits;
    for (std::size_t i = 0; i < edit_count; ++i) {
        const std::uint8_t* e = data + 2 + 8 * i;
        edits.push_back({{e[0], e[1]},
                         {e[2], e[3]},
                         std::string(reinterpret_cast<const char*>(e + 4), e[4] % 4)});
    }
    (void)did_change(harness.engine, path, edits);
    (void)parse_source_code_definitions_for_file(harness.engine, path);
    (void)parse_source_code_for_definitions_top_level(harness.engine, harness.dir);
    did_close(harness.engine, path);
    ::unlink(path.c_str());
    return 0;
}
