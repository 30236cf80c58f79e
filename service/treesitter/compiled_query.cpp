#include "compiled_query.h"

#include <QRegularExpression>

#include <algorithm>
#include <span>
#include <variant>

#include "js_regexp.h"
#include "js_utf16.h"

namespace lapce_ai::treesitter {

// One text predicate of a pattern. Captures are named by id: a query's names and ids are 1:1,
// so comparing ids is web-tree-sitter's comparison of names.
struct CompiledQuery::TextPredicate {
    enum class Kind { EqCapture, EqString, Match, AnyOf };
    Kind kind = Kind::EqString;
    bool positive = true;
    bool match_all = true;
    std::uint32_t capture = 0;
    std::uint32_t other_capture = 0;     // EqCapture
    std::u16string value;                // EqString
    std::vector<std::u16string> values;  // AnyOf
    QRegularExpression regexp;           // Match
};

namespace {

using TextPredicate = CompiledQuery::TextPredicate;

struct Step {
    bool is_capture = false;
    std::uint32_t capture = 0;
    std::string value;  // the capture's name for captures
};

struct QueryDeleter {
    void operator()(TSQuery* query) const { ts_query_delete(query); }
};

std::string_view string_value(const TSQuery* query, std::uint32_t id) {
    std::uint32_t length = 0;
    const char* text = ts_query_string_value_for_id(query, id, &length);
    return {text, length};
}

std::string step_text(const Step& step) {
    return step.is_capture ? "@" + step.value : "\"" + step.value + "\"";
}

// web-tree-sitter's Query constructor error for a failed ts_query_new.
std::string query_error_message(std::string_view source, std::uint32_t error_byte,
                                TSQueryError error) {
    const std::u16string utf16 = prompts::utf8_to_utf16(source);
    const std::size_t error_index =
        prompts::utf8_to_utf16(source.substr(0, std::min<std::size_t>(error_byte, source.size())))
            .size();
    std::u16string suffix = utf16.substr(std::min(error_index, utf16.size()), 100);
    if (const auto newline = suffix.find(u'\n'); newline != std::u16string::npos) {
        suffix.resize(newline);
    }
    const std::string suffix_utf8 = prompts::utf16_to_utf8(suffix);
    std::string word;
    const auto is_word = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_' || c == '-';
    };
    const auto first = std::find_if(suffix_utf8.begin(), suffix_utf8.end(), is_word);
    word.assign(first, std::find_if_not(first, suffix_utf8.end(), is_word));
    const std::string offset = std::to_string(error_index);
    switch (error) {
        case TSQueryErrorNodeType:
            return "Bad node name '" + word + "'";
        case TSQueryErrorField:
            return "Bad field name '" + word + "'";
        case TSQueryErrorCapture:
            return "Bad capture name @" + word;
        case TSQueryErrorStructure:
            return "Bad pattern structure at offset " + offset + ": '" + suffix_utf8 + "'...";
        case TSQueryErrorSyntax:
            return "Bad syntax at offset " + offset + ": '" + suffix_utf8 + "'...";
        case TSQueryErrorLanguage:
        case TSQueryErrorNone:
            break;
    }
    return "Incompatible query language version at offset " + offset;
}

// web-tree-sitter's parsePattern for one finished predicate; returns its error message.
std::string parse_predicate(const std::vector<Step>& steps, std::vector<TextPredicate>& out) {
    if (steps.front().is_capture) return "Predicates must begin with a literal value";
    const std::string& op = steps.front().value;
    const std::string count = std::to_string(steps.size() - 1);
    if (op == "eq?" || op == "not-eq?" || op == "any-eq?" || op == "any-not-eq?") {
        if (steps.size() != 3) {
            return "Wrong number of arguments to `#" + op + "` predicate. Expected 2, got " + count;
        }
        if (!steps[1].is_capture) {
            return "First argument of `#" + op + "` predicate must be a capture. Got \"" +
                   steps[1].value + "\"";
        }
        TextPredicate predicate;
        predicate.positive = op == "eq?" || op == "any-eq?";
        predicate.match_all = !op.starts_with("any-");
        predicate.capture = steps[1].capture;
        if (steps[2].is_capture) {
            predicate.kind = TextPredicate::Kind::EqCapture;
            predicate.other_capture = steps[2].capture;
        } else {
            predicate.kind = TextPredicate::Kind::EqString;
            predicate.value = prompts::utf8_to_utf16(steps[2].value);
        }
        out.push_back(std::move(predicate));
        return {};
    }
    if (op == "match?" || op == "not-match?" || op == "any-match?" || op == "any-not-match?") {
        if (steps.size() != 3) {
            return "Wrong number of arguments to `#" + op + "` predicate. Expected 2, got " +
                   count + ".";
        }
        if (!steps[1].is_capture) {
            return "First argument of `#" + op + "` predicate must be a capture. Got \"" +
                   steps[1].value + "\".";
        }
        if (steps[2].is_capture) {
            return "Second argument of `#" + op + "` predicate must be a string. Got " +
                   step_text(steps[2]) + ".";
        }
        TextPredicate predicate;
        predicate.kind = TextPredicate::Kind::Match;
        predicate.positive = op == "match?" || op == "any-match?";
        predicate.match_all = !op.starts_with("any-");
        predicate.capture = steps[1].capture;
        std::string error;
        predicate.regexp = js_regexp(steps[2].value, &error);
        if (!error.empty()) {
            return error;  // "Invalid regular expression: /…/: …", as JavaScript says it
        }
        out.push_back(std::move(predicate));
        return {};
    }
    if (op == "any-of?" || op == "not-any-of?") {
        if (steps.size() < 2) {
            return "Wrong number of arguments to `#" + op +
                   "` predicate. Expected at least 1. Got " + count + ".";
        }
        if (!steps[1].is_capture) {
            return "First argument of `#" + op + "` predicate must be a capture. Got \"" +
                   steps[1].value + "\".";
        }
        TextPredicate predicate;
        predicate.kind = TextPredicate::Kind::AnyOf;
        predicate.positive = op == "any-of?";
        predicate.capture = steps[1].capture;
        for (std::size_t i = 2; i < steps.size(); ++i) {
            if (steps[i].is_capture) {
                return "Arguments to `#" + op + "` predicate must be strings.\".";
            }
            predicate.values.push_back(prompts::utf8_to_utf16(steps[i].value));
        }
        out.push_back(std::move(predicate));
        return {};
    }
    if (op == "is?" || op == "is-not?" || op == "set!") {
        const std::string name = op == "set!" ? "#set!" : "#" + op;
        if (steps.size() < 2 || steps.size() > 3) {
            return "Wrong number of arguments to `" + name + "` predicate. Expected 1 or 2. Got " +
                   count + ".";
        }
        if (std::any_of(steps.begin(), steps.end(), [](const Step& s) { return s.is_capture; })) {
            return "Arguments to `" + name + "` predicate must be strings.\".";
        }
    }
    // Properties and unknown operators do not filter captures.
    return {};
}

bool evaluate(const TextPredicate& predicate, const TSQueryMatch& match, const SourceText& text) {
    const auto node_text = [&text](const TSQueryCapture& capture) {
        return text.slice_bytes(ts_node_start_byte(capture.node), ts_node_end_byte(capture.node));
    };
    const std::span<const TSQueryCapture> captures(match.captures, match.capture_count);
    const auto named = [&captures](std::uint32_t id) {
        std::vector<const TSQueryCapture*> nodes;
        for (const TSQueryCapture& capture : captures) {
            if (capture.index == id) nodes.push_back(&capture);
        }
        return nodes;
    };
    const std::vector<const TSQueryCapture*> nodes = named(predicate.capture);
    switch (predicate.kind) {
        case TextPredicate::Kind::EqCapture: {
            const std::vector<const TSQueryCapture*> others = named(predicate.other_capture);
            const auto compare_with_any = [&](const TSQueryCapture* first) {
                return std::any_of(others.begin(), others.end(), [&](const TSQueryCapture* second) {
                    return (node_text(*first) == node_text(*second)) == predicate.positive;
                });
            };
            return predicate.match_all ? std::all_of(nodes.begin(), nodes.end(), compare_with_any)
                                       : std::any_of(nodes.begin(), nodes.end(), compare_with_any);
        }
        case TextPredicate::Kind::EqString: {
            const auto test = [&](const TSQueryCapture* node) {
                return (node_text(*node) == predicate.value) == predicate.positive;
            };
            return predicate.match_all ? std::all_of(nodes.begin(), nodes.end(), test)
                                       : std::any_of(nodes.begin(), nodes.end(), test);
        }
        case TextPredicate::Kind::Match: {
            if (nodes.empty()) return !predicate.positive;
            const auto test = [&](const TSQueryCapture* node) {
                return js_regexp_test(predicate.regexp, node_text(*node)) == predicate.positive;
            };
            return predicate.match_all ? std::all_of(nodes.begin(), nodes.end(), test)
                                       : std::any_of(nodes.begin(), nodes.end(), test);
        }
        case TextPredicate::Kind::AnyOf: {
            if (nodes.empty()) return !predicate.positive;
            const bool all_listed = std::all_of(nodes.begin(), nodes.end(), [&](auto* node) {
                return std::find(predicate.values.begin(), predicate.values.end(),
                                 node_text(*node)) != predicate.values.end();
            });
            return all_listed == predicate.positive;
        }
    }
    return true;
}

struct QueryProgress {
    const Cancellation* cancellation = nullptr;
    bool stopped = false;
};

bool stop_query(TSQueryCursorState* state) {
    auto* progress = static_cast<QueryProgress*>(state->payload);
    if (progress->cancellation->should_stop()) progress->stopped = true;
    return progress->stopped;
}

}  // namespace

Expected<std::shared_ptr<const CompiledQuery>, std::string> CompiledQuery::compile(
    const TSLanguage* language, std::string_view source) {
    std::uint32_t error_offset = 0;
    TSQueryError error = TSQueryErrorNone;
    std::unique_ptr<TSQuery, QueryDeleter> query(ts_query_new(
        language, source.data(), static_cast<std::uint32_t>(source.size()), &error_offset, &error));
    if (!query) return unexpected(query_error_message(source, error_offset, error));

    std::shared_ptr<CompiledQuery> compiled(new CompiledQuery());
    const std::uint32_t capture_count = ts_query_capture_count(query.get());
    for (std::uint32_t id = 0; id < capture_count; ++id) {
        std::uint32_t length = 0;
        const char* name = ts_query_capture_name_for_id(query.get(), id, &length);
        compiled->capture_names_.emplace_back(name, length);
    }
    const std::uint32_t pattern_count = ts_query_pattern_count(query.get());
    compiled->text_predicates_.resize(pattern_count);
    for (std::uint32_t pattern = 0; pattern < pattern_count; ++pattern) {
        std::uint32_t step_count = 0;
        const TSQueryPredicateStep* raw =
            ts_query_predicates_for_pattern(query.get(), pattern, &step_count);
        std::vector<Step> steps;
        for (std::uint32_t i = 0; i < step_count; ++i) {
            if (raw[i].type == TSQueryPredicateStepTypeCapture) {
                steps.push_back({true, raw[i].value_id, compiled->capture_names_[raw[i].value_id]});
            } else if (raw[i].type == TSQueryPredicateStepTypeString) {
                steps.push_back(
                    {false, 0, std::string(string_value(query.get(), raw[i].value_id))});
            } else if (!steps.empty()) {
                std::string failure = parse_predicate(steps, compiled->text_predicates_[pattern]);
                if (!failure.empty()) return unexpected(std::move(failure));
                steps.clear();
            }
        }
    }
    compiled->query_ = query.release();
    return std::shared_ptr<const CompiledQuery>(std::move(compiled));
}

CompiledQuery::~CompiledQuery() {
    if (query_) ts_query_delete(query_);
}

bool CompiledQuery::passes(std::uint16_t pattern_index, const TSQueryMatch& match,
                           const SourceText& text) const {
    const auto& predicates = text_predicates_[pattern_index];
    return std::all_of(predicates.begin(), predicates.end(),
                       [&](const TextPredicate& p) { return evaluate(p, match, text); });
}

bool CompiledQuery::captures(TSNode root, const SourceText& text, const Cancellation& cancellation,
                             std::vector<Capture>& captures) const {
    struct CursorDeleter {
        void operator()(TSQueryCursor* cursor) const { ts_query_cursor_delete(cursor); }
    };
    std::unique_ptr<TSQueryCursor, CursorDeleter> cursor(ts_query_cursor_new());
    QueryProgress progress{&cancellation, false};
    TSQueryCursorOptions options{};
    options.payload = &progress;
    options.progress_callback = stop_query;
    ts_query_cursor_exec_with_options(cursor.get(), query_, root, &options);

    TSQueryMatch match;
    std::uint32_t capture_index = 0;
    while (ts_query_cursor_next_capture(cursor.get(), &match, &capture_index)) {
        if (!passes(match.pattern_index, match, text)) continue;
        const TSQueryCapture& found = match.captures[capture_index];
        Capture capture;
        capture.name = capture_names_[found.index];
        const TSNode node = found.node;
        capture.node = {ts_node_start_point(node).row, ts_node_end_point(node).row};
        capture.has_text = ts_node_end_byte(node) > ts_node_start_byte(node);
        const TSNode parent = ts_node_parent(node);
        if (!ts_node_is_null(parent)) {
            capture.parent =
                NodeRows{ts_node_start_point(parent).row, ts_node_end_point(parent).row};
            if (const std::uint32_t children = ts_node_child_count(parent); children > 0) {
                capture.parent_last_child_end_row =
                    ts_node_end_point(ts_node_child(parent, children - 1)).row;
            }
        }
        captures.push_back(capture);
    }
    return !progress.stopped;
}

}  // namespace lapce_ai::treesitter
