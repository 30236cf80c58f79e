#pragma once

// The prompt texts are data (resources/prompts/*.txt) written as templates in a small subset of
// Mustache, so that each file reads like the reference's template literal:
//   {{name}}               the value `name`, verbatim (no escaping)
//   {{#name}}...{{/name}}  the enclosed text when the flag `name` is true
//   {{^name}}...{{/name}}  the enclosed text when the flag `name` is false
// Tags are replaced where they stand: unlike Mustache there is no special handling of a tag
// alone on its line, so whitespace and newlines stay exactly as written.

#include <array>
#include <initializer_list>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "expected.h"

namespace lapce_ai::prompts {

class TemplateValues {
  public:
    TemplateValues() = default;
    TemplateValues& set(std::string_view name, std::string_view text);
    TemplateValues& flag(std::string_view name, bool on);

    // nullptr when absent
    const std::string_view* text(std::string_view name) const;
    const bool* flag_value(std::string_view name) const;

    // The length of all texts set: with the template's own text, what a rendering reserves.
    std::size_t text_size() const { return text_size_; }

  private:
    struct Entry {
        std::string_view name;
        std::string_view text;
        bool on = false;
        bool is_flag = false;
    };
    void add(const Entry& entry);
    const Entry* find(std::string_view name) const;

    // Values live on the stack up to kInline of them (every template of the tree uses fewer),
    // so that building the values of a rendering allocates nothing.
    static constexpr std::size_t kInline = 16;
    std::array<Entry, kInline> inline_{};
    std::size_t inline_count_ = 0;
    std::vector<Entry> overflow_;
    std::size_t text_size_ = 0;
};

// Thrown when a template asks for a value or flag the caller did not set: a defect in the
// program, never caused by user input.
class TemplateError : public std::logic_error {
    using std::logic_error::logic_error;
};

class PromptTemplate {
  public:
    static Expected<PromptTemplate, std::string> parse(std::string_view source);

    void render_to(std::string& out, const TemplateValues& values) const;
    std::string render(const TemplateValues& values = {}) const;

    // Names of all values and flags the template uses, in order of first use.
    std::vector<std::string> names() const;

    struct Node {
        enum class Kind { Text, Value, Section, InvertedSection } kind;
        std::string text;  // literal text, or the value / flag name
        std::vector<Node> children;
    };

  private:
    std::vector<Node> nodes_;
    std::size_t text_size_ = 0;  // of all literal text, sections included
};

}  // namespace lapce_ai::prompts
