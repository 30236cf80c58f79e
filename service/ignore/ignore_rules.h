#pragma once

// The gitignore matching of node-ignore 7.0.5 (`ignore()` in the reference): rules are added
// from .gitignore-style text and `ignores(path)` tells whether a relative POSIX path is
// ignored. As in node-ignore:
// - case is ignored by default (ignorecase: true);
// - a trailing slash in a rule matches only paths written with a trailing slash ("dir/");
// - a path under an ignored directory is ignored and cannot be re-included;
// - absolute, "./", "../", "." , ".." and empty paths are refused (node-ignore throws; here
//   they are an IgnoreError), as is testing against a rule whose RegExp JS would reject.
// Results are cached per path until rules are added. Not thread-safe.

#include <QRegularExpression>
#include <QString>

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "expected.h"
#include "gitignore_rule.h"

namespace lapce_ai::ignore {

struct IgnoreError {
    enum class Kind {
        EmptyPath,        // node-ignore: TypeError "path must not be empty"
        NotRelativePath,  // RangeError "path should be a `path.relative()`d string, ..."
        InvalidRule,      // SyntaxError from new RegExp for one of the rules
    };
    Kind kind;
    std::string message;  // node-ignore's text for the path errors
};

class IgnoreRules {
  public:
    explicit IgnoreRules(bool ignore_case = true) : ignore_case_(ignore_case) {}

    // ignore().add(text): one rule per line (split on \r?\n); blank lines, comments and lines
    // ending in a lone backslash are skipped. Returns whether any rule was added.
    bool add(std::string_view patterns);

    // ignore().ignores(path) for a UTF-8 path relative to the rules' base directory.
    Expected<bool, IgnoreError> ignores(std::string_view path) const;

    std::size_t rule_count() const { return rules_.size(); }

  private:
    struct Rule {
        GitignoreRule source;
        mutable std::optional<Expected<QRegularExpression, std::string>> regex;  // compiled on use
    };
    struct TestResult {
        bool ignored = false;
        bool unignored = false;
    };

    Expected<TestResult, IgnoreError> test(const QString& path) const;
    Expected<TestResult, IgnoreError> test_with_parents(const QString& path,
                                                        QStringList& slices) const;

    bool ignore_case_;
    std::vector<Rule> rules_;
    mutable std::unordered_map<QString, TestResult> cache_;
};

}  // namespace lapce_ai::ignore
