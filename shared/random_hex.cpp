#ifdef _WIN32
#define _CRT_RAND_S
#include <stdlib.h>
#elif defined(__APPLE__)
#include <stdlib.h>
#else
#include <sys/random.h>
#endif

#include <cstdint>
#include <vector>

#include "random_hex.h"

namespace lapce_ai {
namespace {

void fill_random(std::vector<unsigned char>& buffer) {
#ifdef _WIN32
    for (std::size_t i = 0; i < buffer.size(); ++i) {
        unsigned int value = 0;
        while (rand_s(&value) != 0) {
        }
        buffer[i] = static_cast<unsigned char>(value);
    }
#elif defined(__APPLE__)
    arc4random_buf(buffer.data(), buffer.size());
#else
    std::size_t filled = 0;
    while (filled < buffer.size()) {
        const ssize_t got = ::getrandom(buffer.data() + filled, buffer.size() - filled, 0);
        if (got > 0) filled += static_cast<std::size_t>(got);
    }
#endif
}

}  // namespace

std::string random_hex(std::size_t bytes) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::vector<unsigned char> buffer(bytes);
    fill_random(buffer);
    std::string hex;
    hex.reserve(bytes * 2);
    for (unsigned char byte : buffer) {
        hex += kDigits[byte >> 4];
        hex += kDigits[byte & 0x0f];
    }
    return hex;
}

}  // namespace lapce_ai
