#pragma once

// src/services/glob/constants.ts DIRS_TO_IGNORE: directories that are typically large, in the
// reference's order. ".*" stands for hidden directories; entries with a '/' name a directory by
// its first segment in the listing's directory filter.

#include <array>
#include <string_view>

namespace lapce_ai::glob {

inline constexpr std::array<std::string_view, 17> kDirsToIgnore = {
    "node_modules",
    "__pycache__",
    "env",
    "venv",
    "target/dependency",
    "build/dependencies",
    "dist",
    "out",
    "bundle",
    "vendor",
    "tmp",
    "temp",
    "deps",
    "pkg",
    "Pods",
    ".git",
    ".*",
};

}  // namespace lapce_ai::glob
