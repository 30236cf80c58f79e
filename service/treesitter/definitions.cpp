#include "definitions.h"

#include <QFileInfo>
#include <QLoggingCategory>
#include <QString>

#include <functional>
#include <map>
#include <vector>

#include "definition_messages.h"
#include "grammar_registry.h"
#include "js_string.h"
#include "language_table.h"
#include "list_files.h"
#include "markdown_parser.h"
#include "node_path.h"
#include "process_captures.h"
#include "roo_ignore_controller.h"

Q_LOGGING_CATEGORY(lcDefinitions, "lapce.ai.definitions")

namespace lapce_ai::treesitter {
namespace {

using LanguageParsers = std::map<std::string, LoadedLanguage, std::less<>>;

// The reference lists at most this many entries of a directory and parses the first 50 files.
constexpr std::size_t kListLimit = 200;
constexpr std::size_t kMaxFilesToParse = 50;

FileDefinitions undefined_result() {
    return std::optional<std::string>();
}

FileDefinitions string_result(std::string text) {
    return std::optional<std::string>(std::move(text));
}

DefinitionError thrown(std::string message) {
    return {DefinitionError::Kind::Thrown, std::move(message)};
}

// path.extname(file).toLowerCase(), without the dot when `without_dot`.
std::string lowercase_extension(std::string_view file, bool without_dot) {
    const std::string extension = prompts::node_path::extname(file);
    std::string lower = QString::fromStdString(extension).toLower().toStdString();
    if (without_dot && !lower.empty()) lower.erase(0, 1);
    return lower;
}

bool is_markdown_extension(std::string_view extension) {
    return extension == ".md" || extension == ".markdown";
}

// fileExistsAtPath: fs.access(path) succeeds (a broken symlink does not exist).
bool file_exists_at_path(const std::string& path) {
    return QFileInfo::exists(QString::fromStdString(path));
}

// The error fs.readFile(path, "utf8") rejects with, in Node's words.
DefinitionError read_error(const FileError& error, const std::string& path) {
    switch (error.kind) {
        case FileErrorKind::NotFound:
            return thrown("ENOENT: no such file or directory, open '" + path + "'");
        case FileErrorKind::PermissionDenied:
            return thrown("EACCES: permission denied, open '" + path + "'");
        case FileErrorKind::IsDirectory:
            return thrown("EISDIR: illegal operation on a directory, read");
        case FileErrorKind::NotADirectory:
            return thrown("ENOTDIR: not a directory, open '" + path + "'");
        case FileErrorKind::NotARegularFile:
        case FileErrorKind::Other:
            break;
    }
    return thrown(error.message());
}

struct SourceFile {
    std::shared_ptr<const MappedFile> file;
    SourceText text;
};

Expected<SourceFile, DefinitionError> read_source(DefinitionsEngine& engine,
                                                  const std::string& path) {
    auto file = engine.reader().read(path);
    if (!file) return unexpected(read_error(file.error(), path));
    SourceText text = SourceText::from_utf8((*file)->bytes());
    return SourceFile{std::move(*file), std::move(text)};
}

DefinitionError stopped(const std::string& path, const std::atomic<bool>* cancelled,
                        const DefinitionsEngine& engine) {
    if (cancelled && cancelled->load()) {
        return {DefinitionError::Kind::Stopped, "cancelled while parsing " + path};
    }
    return {DefinitionError::Kind::Stopped,
            "parsing " + path + " took longer than " +
                std::to_string(engine.options().file_timeout.count()) + " ms"};
}

// loadRequiredLanguageParsers: one parser and query per extension of `files`, in the order the
// extensions first appear; the first extension without a case or with a failing query fails
// the whole call.
Expected<LanguageParsers, DefinitionError> load_required_language_parsers(
    DefinitionsEngine& engine, const std::vector<std::string>& files) {
    std::vector<std::string> extensions_to_load;
    for (const std::string& file : files) {
        std::string extension = lowercase_extension(file, true);
        if (std::find(extensions_to_load.begin(), extensions_to_load.end(), extension) ==
            extensions_to_load.end()) {
            extensions_to_load.push_back(std::move(extension));
        }
    }
    LanguageParsers parsers;
    for (const std::string& extension : extensions_to_load) {
        const std::optional<LanguageSpec> spec = language_for_extension(extension);
        if (!spec) {
            return unexpected(
                thrown(std::string(definition_message("unsupported_language")) + extension));
        }
        auto loaded = engine.languages().load(*spec);
        if (!loaded) return unexpected(thrown(loaded.error()));
        parsers.insert_or_assign(std::string(spec->parser_key), std::move(*loaded));
    }
    return parsers;
}

// The tree of `source`: the open document's (re-parsed incrementally after edits), a cached one
// for this exact file, or a new parse. Null when stopped.
TreePtr obtain_tree(DefinitionsEngine& engine, const std::string& path, const SourceFile& source,
                    const TSLanguage* language, const Cancellation& cancellation) {
    const auto parse = [&](const TSTree* old_tree) {
        const ParserLease parser = engine.languages().acquire_parser(language);
        return parse_source(parser.get(), source.text, old_tree, cancellation);
    };
    if (TreePtr tree = engine.documents().tree_for(path, source.text.text(), language, parse)) {
        return tree;
    }
    const FileStamp& stamp = source.file->stamp();
    const std::size_t content_hash = file_content_hash(*source.file);
    if (TreePtr tree = engine.trees().find(path, stamp, content_hash, language)) return tree;
    TreePtr tree = parse(nullptr);
    if (tree) engine.trees().insert(path, stamp, content_hash, language, tree.get());
    return tree;
}

// parseFile: null (nullopt) when denied or nothing is found.
FileDefinitions parse_file(DefinitionsEngine& engine, const std::string& file_path,
                           const LanguageParsers& parsers, ignore::RooIgnoreController* controller,
                           const std::atomic<bool>* cancelled) {
    if (controller && !controller->validate_access(file_path)) return undefined_result();

    auto source = read_source(engine, file_path);
    if (!source) return unexpected(source.error());
    const std::string extension = lowercase_extension(file_path, true);
    const auto parser = parsers.find(extension);
    if (parser == parsers.end()) {
        return string_result(std::string(definition_message("unsupported_file_type")) + file_path);
    }
    const LoadedLanguage& language = parser->second;
    const Cancellation cancellation = engine.file_cancellation(cancelled);
    const TreePtr tree = obtain_tree(engine, file_path, *source, language.language, cancellation);
    if (!tree) return unexpected(stopped(file_path, cancelled, engine));
    std::vector<Capture> captures;
    if (!language.query->captures(ts_tree_root_node(tree.get()), source->text, cancellation,
                                  captures)) {
        return unexpected(stopped(file_path, cancelled, engine));
    }
    return process_captures(captures, source->text, extension);
}

// parseMarkdown + processCaptures of a read markdown file.
std::optional<std::string> markdown_definitions(const SourceText& text) {
    std::vector<Capture> captures = parse_markdown(text);
    return process_captures(captures, text, "markdown");
}

}  // namespace

FileDefinitions parse_source_code_definitions_for_file(DefinitionsEngine& engine,
                                                       const std::string& file_path,
                                                       ignore::RooIgnoreController* controller,
                                                       const std::atomic<bool>* cancelled) {
    if (!file_exists_at_path(prompts::node_path::resolve({file_path}))) {
        return string_result(std::string(definition_message("file_missing")));
    }
    const std::string extension = lowercase_extension(file_path, false);
    if (!is_listed_extension(extension)) return undefined_result();

    const std::string heading = "# " + prompts::node_path::basename(file_path) + "\n";
    if (is_markdown_extension(extension)) {
        if (controller && !controller->validate_access(file_path)) return undefined_result();
        auto source = read_source(engine, file_path);
        if (!source) return unexpected(source.error());
        const std::optional<std::string> definitions = markdown_definitions(source->text);
        if (definitions) return string_result(heading + *definitions);
        return undefined_result();
    }

    auto parsers = load_required_language_parsers(engine, {file_path});
    if (!parsers) return unexpected(parsers.error());
    auto definitions = parse_file(engine, file_path, *parsers, controller, cancelled);
    if (!definitions) return unexpected(definitions.error());
    if (*definitions && !(*definitions)->empty()) return string_result(heading + **definitions);
    return undefined_result();
}

Expected<std::string, DefinitionError> parse_source_code_for_definitions_top_level(
    DefinitionsEngine& engine, const std::string& dir_path, ignore::RooIgnoreController* controller,
    const std::atomic<bool>* cancelled) {
    if (!file_exists_at_path(prompts::node_path::resolve({dir_path}))) {
        return std::string(definition_message("directory_missing"));
    }
    const auto [all_files, limit_reached] =
        glob::list_files(dir_path, kListLimit, engine.options().list_environment);

    // separateFiles: the case-sensitive extension check, then the first 50.
    std::vector<std::string> files_to_parse;
    for (const std::string& file : all_files) {
        if (files_to_parse.size() == kMaxFilesToParse) break;
        if (is_listed_extension(prompts::node_path::extname(file))) files_to_parse.push_back(file);
    }
    const std::vector<std::string> allowed =
        controller ? controller->filter_paths(files_to_parse) : files_to_parse;

    std::vector<std::string> markdown_files;
    std::vector<std::string> other_files;
    for (const std::string& file : allowed) {
        (is_markdown_extension(lowercase_extension(file, false)) ? markdown_files : other_files)
            .push_back(file);
    }
    auto parsers = load_required_language_parsers(engine, other_files);
    if (!parsers) return unexpected(parsers.error());

    const auto heading = [&dir_path](const std::string& file) {
        return "# " + prompts::to_posix(prompts::node_path::relative(dir_path, file)) + "\n";
    };
    std::string result;
    for (const std::string& file : markdown_files) {
        if (controller && !controller->validate_access(file)) continue;
        auto source = read_source(engine, file);
        if (!source) {
            qCInfo(lcDefinitions, "Error parsing markdown file: %s",
                   source.error().message.c_str());
            continue;
        }
        if (const auto definitions = markdown_definitions(source->text)) {
            result += heading(file) + *definitions + "\n";
        }
    }
    for (const std::string& file : other_files) {
        auto definitions = parse_file(engine, file, *parsers, controller, cancelled);
        if (!definitions) return unexpected(definitions.error());
        if (*definitions && !(*definitions)->empty()) {
            result += heading(file) + **definitions + "\n";
        }
    }
    return result.empty() ? std::string(definition_message("no_definitions")) : result;
}

Expected<void, std::string> did_change(DefinitionsEngine& engine, const std::string& path,
                                       std::span<const TextEdit> edits) {
    const auto open = [&]() {
        OpenDocuments::Opening opening;
        auto file = engine.reader().read(path);
        if (!file) return opening;  // a new file: the edits build it from nothing
        opening.text = SourceText::from_utf8((*file)->bytes());
        // Only the grammar (instant), not the query (up to seconds): this runs in the order
        // the editor sent its changes, on the session's thread.
        if (const auto spec = language_for_extension(lowercase_extension(path, true))) {
            opening.language = load_grammar(spec->grammar).language;
            if (opening.language) {
                opening.tree = engine.trees().find(path, (*file)->stamp(),
                                                   file_content_hash(**file), opening.language);
            }
        }
        return opening;
    };
    return engine.documents().apply_changes(path, edits, open);
}

bool did_close(DefinitionsEngine& engine, const std::string& path) {
    return engine.documents().close(path);
}

}  // namespace lapce_ai::treesitter
