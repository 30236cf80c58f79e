#include "rule_directory.h"

#include <QCollator>
#include <QLocale>
#include <QString>
#include <algorithm>
#include <array>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string_view>
#include <system_error>

#include "directory_cache.h"
#include "js_string.h"
#include "node_path.h"
#include "rule_file_reader.h"
#include "watched_dependencies.h"

namespace lapce_ai::prompts {
namespace {

namespace fs = std::filesystem;

// Deeper links are skipped, which also ends cycles.
constexpr int kMaxDepth = 5;

using EntryKind = DirectoryEntryType;

// A Dirent of fs.readdir(dir, {withFileTypes: true, recursive: true}): views into the
// Listing that found it.
struct FoundEntry {
    const std::string* parent_path;
    const DirectoryEntry* entry;
};

// One directory, sorted by name bytes as libuv's scandir returns it; the type is the entry's
// own (a symlink is not followed).
std::shared_ptr<const DirectoryListing> list_directory(const std::string& dir) {
    auto listing = DirectoryCache::shared().list(dir);
    return listing ? *listing : nullptr;
}

struct Listing {
    std::vector<FoundEntry> entries;
    int operations = 0;  // directory reads the reference awaits one after another
    // What the entries point into; neither moves when the Listing does.
    std::vector<std::unique_ptr<const std::string>> paths;
    std::vector<std::shared_ptr<const DirectoryListing>> directories;
};

// Node's recursive readdir: each directory's entries in turn, sub-directories kept on a stack
// (the last one found is listed next). Any unreadable directory fails the whole listing.
std::optional<Listing> read_directory_recursive(const std::string& dir) {
    Listing listing;
    std::vector<std::pair<const std::string*, const DirectoryListing*>> stack;
    const auto add_directory = [&](std::string path) {
        auto directory = list_directory(path);
        ++listing.operations;
        if (!directory) return false;
        listing.paths.push_back(std::make_unique<const std::string>(std::move(path)));
        stack.emplace_back(listing.paths.back().get(), directory.get());
        listing.directories.push_back(std::move(directory));
        return true;
    };
    if (!add_directory(dir)) return std::nullopt;
    while (!stack.empty()) {
        const auto [path, directory] = stack.back();
        stack.pop_back();
        for (const DirectoryEntry& entry : directory->entries) {
            if (entry.type == EntryKind::Directory &&
                !add_directory(node_path::join({*path, entry.name}))) {
                return std::nullopt;
            }
            listing.entries.push_back({path, &entry});
        }
    }
    return listing;
}

// resolveDirectoryEntry / resolveSymLink. The reference runs them as concurrent promises and
// collects files in completion order; that order survives the sort for files with equal names.
// It is modelled by a queue in which every file-system call completes in the order issued.
class LinkResolver {
  public:
    explicit LinkResolver(std::vector<RuleFileLocation>& found) : found_(found) {}

    void directory_entry(const FoundEntry& found, const std::string& dir_path, int depth) {
        if (depth > kMaxDepth) return;
        const std::string& parent = found.parent_path->empty() ? dir_path : *found.parent_path;
        const std::string full_path = node_path::resolve({parent, found.entry->name});
        if (found.entry->type == EntryKind::File) {
            found_.push_back({full_path, full_path});
        } else if (found.entry->type == EntryKind::Symlink) {
            sym_link(full_path, depth + 1);
        }
    }

    void sym_link(const std::string& symlink_path, int depth) {
        if (depth > kMaxDepth) return;
        // Links are read and followed outside the caches: no watcher token vouches for them.
        WatchedDependencies::record_untracked();
        after(1, [this, symlink_path, depth] {
            std::error_code error;
            const fs::path target = fs::read_symlink(fs::path(symlink_path), error);
            if (error) return;
            const std::string resolved =
                node_path::resolve({node_path::dirname(symlink_path), target.string()});
            after(1, [this, symlink_path, resolved, depth] {
                link_target(symlink_path, resolved, depth);
            });
        });
    }

    void run() {
        // A queue: steps run in the order added; a step may add more.
        for (std::size_t next = 0; next < pending_.size(); ++next) {
            const std::function<void()> step = std::move(pending_[next]);
            step();
        }
        pending_.clear();
    }

  private:
    void link_target(const std::string& symlink_path, const std::string& resolved, int depth) {
        std::error_code error;
        const fs::file_status status = fs::status(fs::path(resolved), error);
        if (error) return;
        if (fs::is_regular_file(status)) {
            found_.push_back({symlink_path, resolved});
        } else if (fs::is_directory(status)) {
            auto listing = read_directory_recursive(resolved);
            if (!listing) return;
            const int operations = listing->operations;
            auto kept = std::make_shared<const Listing>(std::move(*listing));
            after(operations, [this, kept, resolved, depth] {
                for (const FoundEntry& entry : kept->entries) {
                    directory_entry(entry, resolved, depth + 1);
                }
            });
        }
    }

    // Runs `step` once `operations` more file-system calls have completed.
    void after(int operations, std::function<void()> step) {
        if (operations <= 1) {
            pending_.push_back(std::move(step));
        } else {
            pending_.push_back([this, operations, step = std::move(step)]() mutable {
                after(operations - 1, std::move(step));
            });
        }
    }

    std::vector<std::function<void()>> pending_;  // allocates only once a symlink is found
    std::vector<RuleFileLocation>& found_;
};

}  // namespace

std::vector<RuleFileLocation> resolve_sym_link(const std::string& symlink_path, int depth) {
    std::vector<RuleFileLocation> found;
    LinkResolver resolver(found);
    resolver.sym_link(symlink_path, depth);
    resolver.run();
    return found;
}

std::vector<RuleFile> read_text_files_from_directory(const std::string& dir_path) {
    const auto listing = read_directory_recursive(dir_path);
    if (!listing) return {};

    std::vector<RuleFileLocation> locations;
    LinkResolver resolver(locations);
    for (const FoundEntry& entry : listing->entries) {
        resolver.directory_entry(entry, dir_path, 0);
    }
    resolver.run();

    struct Sortable {
        RuleFile file;
        QString key;
    };
    std::vector<Sortable> files;
    for (const RuleFileLocation& location : locations) {
        // The name check needs no file system, so it comes before the stat that the read does.
        if (!should_include_rule_file(location.resolved_path)) continue;
        std::optional<std::string> text = read_regular_rule_file(location.resolved_path);
        if (!text) continue;
        js_trim_in_place(*text);
        files.push_back(
            {{location.resolved_path, std::move(*text)},
             QString::fromStdString(node_path::basename(location.original_path)).toLower()});
    }

    // localeCompare is ICU collation; the en-US collator reproduces it whatever the system
    // locale is (a "C" locale would fall back to byte order).
    thread_local const QCollator collator(QLocale(QLocale::English, QLocale::UnitedStates));
    std::stable_sort(files.begin(), files.end(), [](const Sortable& a, const Sortable& b) {
        return collator.compare(a.key, b.key) < 0;
    });

    std::vector<RuleFile> sorted;
    sorted.reserve(files.size());
    for (Sortable& entry : files) sorted.push_back(std::move(entry.file));
    return sorted;
}

bool should_include_rule_file(const std::string& filename) {
    static constexpr std::array<std::string_view, 20> kExcludedExtensions = {
        ".DS_Store",    ".bak",       ".cache", ".crdownload", ".db",   ".dmp",     ".dump",
        ".eslintcache", ".lock",      ".log",   ".old",        ".part", ".partial", ".pyc",
        ".pyo",         ".stackdump", ".swo",   ".swp",        ".temp", ".tmp"};
    static constexpr std::string_view kExcludedName = "Thumbs.db";
    const std::string basename = node_path::basename(filename);
    if (basename == kExcludedName) return false;
    return std::none_of(kExcludedExtensions.begin(), kExcludedExtensions.end(),
                        [&](std::string_view extension) { return basename.ends_with(extension); });
}

bool directory_exists(const std::string& path) {
    WatchedDependencies::record_untracked();
    std::error_code error;
    const fs::file_status status = fs::status(fs::path(path), error);
    return !error && fs::is_directory(status);
}

}  // namespace lapce_ai::prompts
