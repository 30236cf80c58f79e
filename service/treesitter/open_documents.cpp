#include "open_documents.h"

#include "js_utf16.h"

namespace lapce_ai::treesitter {
namespace {

// The UTF-16 offset of an LSP position, or nullopt outside the text.
std::optional<std::size_t> offset_of(std::u16string_view text, const TextPosition& position) {
    std::size_t line_start = 0;
    for (std::uint32_t line = 0; line < position.line; ++line) {
        const std::size_t newline = text.find(u'\n', line_start);
        if (newline == std::u16string_view::npos) return std::nullopt;
        line_start = newline + 1;
    }
    const std::size_t line_end = std::min(text.find(u'\n', line_start), text.size());
    if (position.character > line_end - line_start) return std::nullopt;
    return line_start + position.character;
}

// The point after `inserted` placed at `start`, in the UTF-16LE byte columns tree-sitter counts.
TSPoint end_point_after(TSPoint start, std::u16string_view inserted) {
    const std::size_t last_newline = inserted.rfind(u'\n');
    if (last_newline == std::u16string_view::npos) {
        return {start.row, start.column + static_cast<std::uint32_t>(inserted.size() * 2)};
    }
    std::uint32_t rows = 0;
    for (const char16_t unit : inserted) rows += unit == u'\n';
    return {start.row + rows, static_cast<std::uint32_t>((inserted.size() - last_newline - 1) * 2)};
}

}  // namespace

Expected<void, std::string> OpenDocuments::apply_changes(const std::string& path,
                                                         std::span<const TextEdit> edits,
                                                         const std::function<Opening()>& open) {
    const std::lock_guard lock(mutex_);
    auto found = documents_.find(path);
    if (found == documents_.end()) {
        Opening opening = open();
        Document document{std::move(opening.text), opening.language, std::move(opening.tree), false,
                          0};
        document.tree_current = document.tree != nullptr;
        found = documents_.emplace(path, std::move(document)).first;
    }
    Document& document = found->second;

    // Edit a copy so that a bad edit leaves the document as it was.
    std::u16string text(document.text.text());
    std::vector<TSInputEdit> tree_edits;
    tree_edits.reserve(edits.size());
    for (std::size_t i = 0; i < edits.size(); ++i) {
        const TextEdit& edit = edits[i];
        const auto start = offset_of(text, edit.start);
        const auto end = offset_of(text, edit.end);
        if (!start || !end || *end < *start) {
            return unexpected("edit " + std::to_string(i) + " of " + path +
                              " is outside the document or ends before it starts");
        }
        const std::u16string inserted = prompts::utf8_to_utf16(edit.new_text);
        const TSPoint start_point{edit.start.line, edit.start.character * 2};
        TSInputEdit tree_edit{};
        tree_edit.start_byte = static_cast<std::uint32_t>(*start * 2);
        tree_edit.old_end_byte = static_cast<std::uint32_t>(*end * 2);
        tree_edit.new_end_byte = static_cast<std::uint32_t>((*start + inserted.size()) * 2);
        tree_edit.start_point = start_point;
        tree_edit.old_end_point = {edit.end.line, edit.end.character * 2};
        tree_edit.new_end_point = end_point_after(start_point, inserted);
        tree_edits.push_back(tree_edit);
        text.replace(*start, *end - *start, inserted);
    }

    document.text = SourceText(std::move(text));
    if (document.tree) {
        // The tree is shared with caches: edit a private copy.
        TreePtr edited = copy_tree(document.tree.get());
        for (const TSInputEdit& edit : tree_edits) ts_tree_edit(edited.get(), &edit);
        document.tree = std::move(edited);
    }
    document.tree_current = document.tree_current && edits.empty();
    if (!edits.empty()) ++document.version;
    stats_.edits_applied += edits.size();
    return {};
}

bool OpenDocuments::close(const std::string& path) {
    const std::lock_guard lock(mutex_);
    return documents_.erase(path) > 0;
}

TreePtr OpenDocuments::tree_for(const std::string& path, std::u16string_view text,
                                const TSLanguage* language,
                                const std::function<TreePtr(const TSTree* old_tree)>& parse) {
    // The parse runs outside the lock: DidChange, which takes it on the session's thread, must
    // never wait for a parse. A change meanwhile makes the result stale; it is then not kept.
    TreePtr old_tree;
    std::uint64_t version = 0;
    {
        const std::lock_guard lock(mutex_);
        const auto found = documents_.find(path);
        if (found == documents_.end()) return nullptr;
        Document& document = found->second;
        if (document.text.text() != text) return nullptr;
        if (document.language != language) {
            document.language = language;
            document.tree.reset();
            document.tree_current = false;
        }
        if (document.tree_current) return copy_tree(document.tree.get());
        old_tree = copy_tree(document.tree.get());
        version = document.version;
    }
    TreePtr parsed = parse(old_tree.get());
    if (!parsed) return nullptr;
    const std::lock_guard lock(mutex_);
    if (old_tree) ++stats_.incremental_parses;
    const auto found = documents_.find(path);
    if (found != documents_.end() && found->second.version == version) {
        found->second.tree = copy_tree(parsed.get());
        found->second.tree_current = true;
    }
    return parsed;
}

OpenDocuments::Stats OpenDocuments::stats() const {
    const std::lock_guard lock(mutex_);
    Stats stats = stats_;
    stats.open = documents_.size();
    return stats;
}

}  // namespace lapce_ai::treesitter
