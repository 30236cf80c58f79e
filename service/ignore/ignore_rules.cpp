#include "ignore_rules.h"

#include "js_regex.h"
#include "js_utf16.h"

namespace lapce_ai::ignore {
namespace {

// As Node decodes UTF-8: a byte order mark stays (QString::fromUtf8 and fromUtf16 drop it).
QString from_utf8(std::string_view text) {
    return QStringView(prompts::utf8_to_utf16(text)).toString();
}

// REGEX_TEST_INVALID_PATH: /^\.{0,2}\/|^\.{1,2}$/
bool is_not_relative(const QString& path) {
    return path.startsWith(QLatin1Char('/')) || path.startsWith(QLatin1String("./")) ||
           path.startsWith(QLatin1String("../")) || path == QLatin1String(".") ||
           path == QLatin1String("..");
}

}  // namespace

bool IgnoreRules::add(std::string_view patterns) {
    static const QRegularExpression line_break(QStringLiteral("\\r?\\n"));
    bool added = false;
    const QStringList lines = from_utf8(patterns).split(line_break, Qt::SkipEmptyParts);
    for (const QString& line : lines) {
        if (!is_rule_line(line)) continue;
        rules_.push_back(Rule{create_rule(line), std::nullopt});
        added = true;
    }
    if (added) cache_.clear();
    return added;
}

Expected<bool, IgnoreError> IgnoreRules::ignores(std::string_view path) const {
    const QString qpath = from_utf8(path);
    if (qpath.isEmpty())
        return unexpected(IgnoreError{IgnoreError::Kind::EmptyPath, "path must not be empty"});
    if (is_not_relative(qpath))
        return unexpected(IgnoreError{
            IgnoreError::Kind::NotRelativePath,
            "path should be a `path.relative()`d string, but got \"" + std::string(path) + "\""});
    QStringList slices = qpath.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    auto result = test_with_parents(qpath, slices);
    if (!result) return unexpected(result.error());
    return result->ignored;
}

// Ignore._t: a path whose parent directory is ignored is ignored; otherwise its own rules decide.
// `slices` are the path's non-empty segments and are consumed.
Expected<IgnoreRules::TestResult, IgnoreError> IgnoreRules::test_with_parents(
    const QString& path, QStringList& slices) const {
    if (auto cached = cache_.find(path); cached != cache_.end()) return cached->second;
    if (!slices.isEmpty()) slices.removeLast();
    TestResult result;
    if (!slices.isEmpty()) {
        const QString parent_path = slices.join(QLatin1Char('/')) + QLatin1Char('/');
        auto parent = test_with_parents(parent_path, slices);
        if (!parent) return parent;
        if (parent->ignored) {
            cache_.emplace(path, *parent);
            return *parent;
        }
    }
    auto own = test(path);
    if (!own) return own;
    result = *own;
    cache_.emplace(path, result);
    return result;
}

// RuleManager.test with checkUnignored = false: later rules override earlier ones, and a
// negation is only tried while the path is ignored.
Expected<IgnoreRules::TestResult, IgnoreError> IgnoreRules::test(const QString& path) const {
    TestResult result;
    for (const Rule& rule : rules_) {
        const bool negative = rule.source.negative;
        if ((result.unignored == negative && result.ignored != result.unignored) ||
            (negative && !result.ignored && !result.unignored))
            continue;
        if (!rule.regex) {
            rule.regex = compile_js_regex(rule.source.regex_source, ignore_case_, false);
        }
        if (!*rule.regex)
            return unexpected(IgnoreError{IgnoreError::Kind::InvalidRule, rule.regex->error()});
        if (!(*rule.regex)->match(path).hasMatch()) continue;
        result.ignored = !negative;
        result.unignored = negative;
    }
    return result;
}

}  // namespace lapce_ai::ignore
