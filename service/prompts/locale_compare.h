#pragma once

// String.prototype.localeCompare(that, undefined, options) as V8 does it: ICU collation in
// Node's default locale (en-US), with ECMA-402's options mapped onto the collator.

#include <string_view>

namespace lapce_ai::prompts {

struct LocaleCompareOptions {
    enum class Sensitivity { base, accent, case_, variant };

    bool numeric = false;                            // numeric: true
    Sensitivity sensitivity = Sensitivity::variant;  // the default for usage "sort"
};

// localeCompare with en-US collation: negative, 0 or positive (ICU's -1, 0, 1). Invalid UTF-8
// compares as U+FFFD. Throws std::runtime_error when ICU cannot open the collator.
int locale_compare(std::string_view a, std::string_view b, const LocaleCompareOptions& options);

}  // namespace lapce_ai::prompts
