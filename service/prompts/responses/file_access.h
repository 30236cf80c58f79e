#pragma once

// What formatFilesList and getEnvironmentDetails ask of the reference's RooIgnoreController
// (src/core/ignore/RooIgnoreController.ts) and RooProtectedController
// (src/core/protect/RooProtectedController.ts).

#include <string>
#include <string_view>
#include <vector>

namespace lapce_ai::prompts {

class RooIgnoreAccess {
  public:
    virtual ~RooIgnoreAccess() = default;
    // validateAccess: false when .rooignore blocks the path (absolute or relative to the cwd).
    virtual bool validate_access(std::string_view path) const = 0;
    // filterPaths: the paths validate_access allows, in order.
    std::vector<std::string> filter_paths(const std::vector<std::string>& paths) const;
};

class WriteProtection {
  public:
    virtual ~WriteProtection() = default;
    // isWriteProtected
    virtual bool is_write_protected(std::string_view path) const = 0;
};

// The reference's LOCK_TEXT_SYMBOL.
inline constexpr std::string_view kLockTextSymbol = "\U0001F512";

}  // namespace lapce_ai::prompts
