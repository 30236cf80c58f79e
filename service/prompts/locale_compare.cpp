#include "locale_compare.h"

#include <unicode/ucol.h>

#include <array>
#include <memory>
#include <stdexcept>
#include <string>

namespace lapce_ai::prompts {
namespace {

struct CollatorCloser {
    void operator()(UCollator* collator) const { ucol_close(collator); }
};
using CollatorPtr = std::unique_ptr<UCollator, CollatorCloser>;

constexpr std::size_t kSensitivities = 4;

std::size_t option_index(const LocaleCompareOptions& options) {
    return static_cast<std::size_t>(options.sensitivity) * 2 + (options.numeric ? 1 : 0);
}

void set_attribute(UCollator* collator, UColAttribute attribute, UColAttributeValue value) {
    UErrorCode status = U_ZERO_ERROR;
    ucol_setAttribute(collator, attribute, value, &status);
    if (U_FAILURE(status))
        throw std::runtime_error(std::string("ucol_setAttribute: ") + u_errorName(status));
}

// ECMA-402 (as V8 implements Intl.Collator): base -> primary strength, accent -> secondary,
// case -> primary plus the case level, variant -> tertiary; numeric -> numeric collation.
// V8 also turns normalization on so that canonically equivalent strings compare equal.
CollatorPtr open_collator(const LocaleCompareOptions& options) {
    UErrorCode status = U_ZERO_ERROR;
    CollatorPtr collator(ucol_open("en-US", &status));
    if (U_FAILURE(status) || !collator)
        throw std::runtime_error(std::string("ucol_open(en-US): ") + u_errorName(status));
    using Sensitivity = LocaleCompareOptions::Sensitivity;
    switch (options.sensitivity) {
        case Sensitivity::base:
            ucol_setStrength(collator.get(), UCOL_PRIMARY);
            break;
        case Sensitivity::accent:
            ucol_setStrength(collator.get(), UCOL_SECONDARY);
            break;
        case Sensitivity::case_:
            ucol_setStrength(collator.get(), UCOL_PRIMARY);
            set_attribute(collator.get(), UCOL_CASE_LEVEL, UCOL_ON);
            break;
        case Sensitivity::variant:
            ucol_setStrength(collator.get(), UCOL_TERTIARY);
            break;
    }
    set_attribute(collator.get(), UCOL_NUMERIC_COLLATION, options.numeric ? UCOL_ON : UCOL_OFF);
    set_attribute(collator.get(), UCOL_NORMALIZATION_MODE, UCOL_ON);
    return collator;
}

// One collator per option set and thread, opened on first use (ICU collators are not to be
// shared across threads while in use).
const UCollator* collator_for(const LocaleCompareOptions& options) {
    thread_local std::array<CollatorPtr, kSensitivities * 2> collators;
    CollatorPtr& slot = collators[option_index(options)];
    if (!slot) slot = open_collator(options);
    return slot.get();
}

}  // namespace

int locale_compare(std::string_view a, std::string_view b, const LocaleCompareOptions& options) {
    if (a.size() > INT32_MAX || b.size() > INT32_MAX)
        throw std::length_error("locale_compare: string too long for ICU");
    UErrorCode status = U_ZERO_ERROR;
    const UCollationResult result =
        ucol_strcollUTF8(collator_for(options), a.data(), static_cast<int32_t>(a.size()), b.data(),
                         static_cast<int32_t>(b.size()), &status);
    if (U_FAILURE(status))
        throw std::runtime_error(std::string("ucol_strcollUTF8: ") + u_errorName(status));
    return static_cast<int>(result);
}

}  // namespace lapce_ai::prompts
