#pragma once

// One line of a .gitignore as node-ignore 7.0.5 (the `ignore` package Roo Code uses) turns it
// into a JavaScript regular expression: checkPattern, createRule, makeRegexPrefix and the
// trailing-wildcard step of IgnoreRule.regex (the mode `ignores()` uses).

#include <QString>

namespace lapce_ai::ignore {

// checkPattern: not blank (JS white space only), not ending in an unescaped backslash, not a
// comment. Lines come from splitting the text on /\r?\n/ and dropping empty ones.
bool is_rule_line(const QString& line);

struct GitignoreRule {
    QString pattern;        // the line as written
    bool negative = false;  // "!pattern"
    QString regex_source;   // JS RegExp source
};

// createRule for a line that passed is_rule_line.
GitignoreRule create_rule(const QString& pattern);

}  // namespace lapce_ai::ignore
