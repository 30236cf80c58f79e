// libFuzzer harness for the AWS event-stream decoder (Bedrock's ConverseStream body). Input:
// byte 0 sets the chunk size (1..256) the stream is fed in, the rest is the stream. Any input
// either yields messages or an EventStreamError; every decoded message encodes back to a frame
// that decodes to the same message.

#include <cstdlib>

#include "event_stream.h"

using namespace lapce_ai::providers;

namespace {

void check_round_trip(const EventStreamMessage& message) {
    QByteArray frame;
    try {
        frame = encode_event_stream_message(message);
    } catch (const EventStreamError&) {
        return;  // a string header grew past 65535 bytes through U+FFFD replacement
    }
    const EventStreamMessage again = decode_event_stream_message(frame);
    if (again.body != message.body || again.headers.size() != message.headers.size()) std::abort();
    if (encode_event_stream_message(again) != frame) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const auto chunk = static_cast<qsizetype>(data[0]) + 1;
    const QByteArrayView stream(reinterpret_cast<const char*>(data + 1),
                                static_cast<qsizetype>(size - 1));
    EventStreamDecoder decoder;
    try {
        for (qsizetype offset = 0; offset < stream.size(); offset += chunk) {
            decoder.feed(stream.sliced(offset, std::min(chunk, stream.size() - offset)),
                         [](EventStreamMessage&& message) { check_round_trip(message); });
        }
        decoder.finish();
    } catch (const EventStreamError&) {
    }
    try {
        check_round_trip(decode_event_stream_message(stream));
    } catch (const EventStreamError&) {
    }
    return 0;
}
