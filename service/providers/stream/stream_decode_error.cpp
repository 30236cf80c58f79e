#include "stream_decode_error.h"

namespace lapce_ai::providers {

std::string StreamDecodeError::message() const {
    const char* what = kind == Kind::LineTooLong ? "line" : "event";
    return std::string("stream ") + what + " longer than " + std::to_string(limit) + " bytes";
}

}  // namespace lapce_ai::providers
