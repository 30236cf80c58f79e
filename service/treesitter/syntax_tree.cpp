#include "syntax_tree.h"

namespace lapce_ai::treesitter {
namespace {

struct ParseInput {
    const SourceText* text = nullptr;
};

const char* read_utf16(void* payload, std::uint32_t byte_index, TSPoint,
                       std::uint32_t* bytes_read) {
    const std::u16string_view text = static_cast<ParseInput*>(payload)->text->text();
    const std::size_t total = text.size() * sizeof(char16_t);
    if (byte_index >= total) {
        *bytes_read = 0;
        return "";
    }
    *bytes_read = static_cast<std::uint32_t>(total - byte_index);
    return reinterpret_cast<const char*>(text.data()) + byte_index;
}

bool stop_parse(TSParseState* state) {
    return static_cast<const Cancellation*>(state->payload)->should_stop();
}

// What the runtime allocates per node (ts_node_descendant_count) of a tree: 99 to 132 bytes
// measured with mallinfo2 on the golden corpus's largest TypeScript, Python and C++ files.
constexpr std::size_t kBytesPerNode = 120;

}  // namespace

TreePtr parse_source(TSParser* parser, const SourceText& text, const TSTree* old_tree,
                     const Cancellation& cancellation) {
    ParseInput payload{&text};
    TSInput input{};
    input.payload = &payload;
    input.read = read_utf16;
    input.encoding = TSInputEncodingUTF16LE;
    TSParseOptions options{};
    options.payload = const_cast<Cancellation*>(&cancellation);
    options.progress_callback = stop_parse;
    TreePtr tree(ts_parser_parse_with_options(parser, old_tree, input, options));
    // A stopped parse leaves the parser ready to resume that parse; the next one is unrelated.
    if (!tree) ts_parser_reset(parser);
    return tree;
}

std::size_t tree_cost(const TSTree* tree) {
    if (!tree) return 0;
    return ts_node_descendant_count(ts_tree_root_node(tree)) * kBytesPerNode;
}

}  // namespace lapce_ai::treesitter
