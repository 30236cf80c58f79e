#pragma once

#include <cstddef>
#include <string>

namespace lapce_ai {

// `bytes` bytes from the operating system's cryptographic random source, as lowercase hex.
std::string random_hex(std::size_t bytes);

}  // namespace lapce_ai
