#include "prompt_template.h"

#include <algorithm>

namespace lapce_ai::prompts {

TemplateValues& TemplateValues::set(std::string_view name, std::string_view text) {
    add({name, text, false, false});
    text_size_ += text.size();
    return *this;
}

TemplateValues& TemplateValues::flag(std::string_view name, bool on) {
    add({name, {}, on, true});
    return *this;
}

void TemplateValues::add(const Entry& entry) {
    if (inline_count_ < kInline) {
        inline_[inline_count_++] = entry;
    } else {
        overflow_.push_back(entry);
    }
}

const TemplateValues::Entry* TemplateValues::find(std::string_view name) const {
    // Last one wins, so a caller can override a value set earlier.
    const auto matches = [&](const Entry& entry) { return entry.name == name; };
    if (auto it = std::find_if(overflow_.rbegin(), overflow_.rend(), matches);
        it != overflow_.rend()) {
        return &*it;
    }
    const auto first = inline_.begin(), last = first + std::ptrdiff_t(inline_count_);
    auto it =
        std::find_if(std::make_reverse_iterator(last), std::make_reverse_iterator(first), matches);
    return it == std::make_reverse_iterator(first) ? nullptr : &*it;
}

const std::string_view* TemplateValues::text(std::string_view name) const {
    const Entry* entry = find(name);
    return entry && !entry->is_flag ? &entry->text : nullptr;
}

const bool* TemplateValues::flag_value(std::string_view name) const {
    const Entry* entry = find(name);
    return entry && entry->is_flag ? &entry->on : nullptr;
}

namespace {

using Node = PromptTemplate::Node;

bool valid_name(std::string_view name) {
    return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_' || c == '-' || c == '.';
    });
}

struct Parser {
    std::string_view source;
    std::size_t pos = 0;

    // Parses nodes until the closing tag of `open_section` (or the end when it is empty).
    Expected<std::vector<Node>, std::string> parse_until(std::string_view open_section) {
        std::vector<Node> nodes;
        while (pos < source.size()) {
            std::size_t open = source.find("{{", pos);
            if (open == std::string_view::npos) open = source.size();
            if (open > pos)
                nodes.push_back(
                    {Node::Kind::Text, std::string(source.substr(pos, open - pos)), {}});
            if (open == source.size()) {
                pos = open;
                break;
            }
            std::size_t close = source.find("}}", open + 2);
            if (close == std::string_view::npos) {
                return unexpected("unterminated tag at offset " + std::to_string(open));
            }
            std::string_view tag = source.substr(open + 2, close - open - 2);
            pos = close + 2;
            char sigil = tag.empty() ? '\0' : tag.front();
            std::string_view name =
                (sigil == '#' || sigil == '^' || sigil == '/') ? tag.substr(1) : tag;
            if (!valid_name(name)) {
                return unexpected("invalid tag '{{" + std::string(tag) + "}}' at offset " +
                                  std::to_string(open));
            }
            if (sigil == '/') {
                if (name != open_section) {
                    return unexpected("unexpected '{{/" + std::string(name) + "}}' at offset " +
                                      std::to_string(open));
                }
                return nodes;
            }
            if (sigil == '#' || sigil == '^') {
                auto children = parse_until(name);
                if (!children) return children;
                nodes.push_back({sigil == '#' ? Node::Kind::Section : Node::Kind::InvertedSection,
                                 std::string(name), std::move(*children)});
            } else {
                nodes.push_back({Node::Kind::Value, std::string(name), {}});
            }
        }
        if (!open_section.empty()) {
            return unexpected("section '" + std::string(open_section) + "' is not closed");
        }
        return nodes;
    }
};

void render_nodes(const std::vector<Node>& nodes, std::string& out, const TemplateValues& values) {
    for (const Node& node : nodes) {
        switch (node.kind) {
            case Node::Kind::Text:
                out += node.text;
                break;
            case Node::Kind::Value: {
                const std::string_view* text = values.text(node.text);
                if (!text) throw TemplateError("template value '" + node.text + "' is not set");
                out += *text;
                break;
            }
            case Node::Kind::Section:
            case Node::Kind::InvertedSection: {
                const bool* on = values.flag_value(node.text);
                if (!on) throw TemplateError("template flag '" + node.text + "' is not set");
                if (*on == (node.kind == Node::Kind::Section))
                    render_nodes(node.children, out, values);
                break;
            }
        }
    }
}

std::size_t text_size(const std::vector<Node>& nodes) {
    std::size_t size = 0;
    for (const Node& node : nodes) {
        size += node.kind == Node::Kind::Text ? node.text.size() : text_size(node.children);
    }
    return size;
}

void collect_names(const std::vector<Node>& nodes, std::vector<std::string>& names) {
    for (const Node& node : nodes) {
        if (node.kind == Node::Kind::Text) continue;
        if (std::find(names.begin(), names.end(), node.text) == names.end())
            names.push_back(node.text);
        collect_names(node.children, names);
    }
}

}  // namespace

Expected<PromptTemplate, std::string> PromptTemplate::parse(std::string_view source) {
    Parser parser{source};
    auto nodes = parser.parse_until({});
    if (!nodes) return unexpected(nodes.error());
    PromptTemplate result;
    result.nodes_ = std::move(*nodes);
    result.text_size_ = text_size(result.nodes_);
    return result;
}

void PromptTemplate::render_to(std::string& out, const TemplateValues& values) const {
    render_nodes(nodes_, out, values);
}

std::string PromptTemplate::render(const TemplateValues& values) const {
    std::string out;
    out.reserve(text_size_ + values.text_size());
    render_to(out, values);
    return out;
}

std::vector<std::string> PromptTemplate::names() const {
    std::vector<std::string> names;
    collect_names(nodes_, names);
    return names;
}

}  // namespace lapce_ai::prompts
