// libFuzzer harness for the handshake check: the input is one frame (16-byte header + payload),
// the first thing an unauthenticated peer sends. parse_frame_header + check_hello run with a fixed
// service token, and the outcome is compared with an independent reading of the rules:
//
//   kind != HELLO                    -> HANDSHAKE_REQUIRED
//   payload is not a Hello           -> MALFORMED_PAYLOAD
//   protocol_version != 1            -> PROTOCOL_VERSION_MISMATCH
//   token != the service token       -> UNAUTHORIZED
//   transport not SHM/SOCKET         -> MALFORMED_PAYLOAD
//   otherwise                        -> accepted, returning the Hello that was sent
//
// Above all: acceptance implies that the kind, the protocol version and the token matched.

#include <google/protobuf/stubs/logging.h>

#include <algorithm>
#include <string>

#include "frame.h"
#include "fuzz_common.h"
#include "handshake.h"
#include "lapce_ai.pb.h"

namespace {

using namespace lapce_ai::ipc;

const std::string& fuzz_token() {
    static const std::string token(lapce_ai::fuzz::kToken);
    return token;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    // The parser logs every string field with invalid UTF-8 to stderr; at tens of thousands of
    // inputs per second that floods the log (gigabytes per campaign) and slows the fuzzer.
    google::protobuf::SetLogHandler(nullptr);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::span<const std::byte> bytes(reinterpret_cast<const std::byte*>(data), size);

    auto parsed = parse_frame_header(bytes, kDefaultMaxFrameBytes);
    if (size < kFrameHeaderBytes) {
        FUZZ_CHECK(!parsed && parsed.error() == FrameError::Truncated);
        return 0;
    }
    // The header codec: parse agrees with decode, and encode inverts decode.
    const FrameHeader decoded = decode_frame_header(bytes.first<kFrameHeaderBytes>());
    std::byte reencoded[kFrameHeaderBytes];
    encode_frame_header(decoded, reencoded);
    FUZZ_CHECK(std::equal(reencoded, reencoded + kFrameHeaderBytes, bytes.begin()));
    if (!parsed) {
        FUZZ_CHECK(parsed.error() == FrameError::TooLarge);
        FUZZ_CHECK(decoded.length > kDefaultMaxFrameBytes);
        return 0;
    }
    const FrameHeader header = *parsed;
    FUZZ_CHECK(header == decoded);
    FUZZ_CHECK(header.length <= kDefaultMaxFrameBytes);

    // The payload is what follows the header, cut at the announced length (a stream decoder never
    // hands over more; a shorter input stands for a peer whose announced length is a lie).
    const std::span<const std::byte> rest = bytes.subspan(kFrameHeaderBytes);
    const std::span<const std::byte> payload =
        rest.first(std::min<std::size_t>(rest.size(), header.length));

    const auto result = check_hello(header, payload, fuzz_token());

    // The independent reading of the rules.
    proto::Hello reference;
    proto::ErrorCode expected_code = proto::ERROR_UNSPECIFIED;  // = accepted
    if (header.kind != proto::HELLO) {
        expected_code = proto::HANDSHAKE_REQUIRED;
    } else if (!reference.ParseFromArray(payload.data(), static_cast<int>(payload.size()))) {
        expected_code = proto::MALFORMED_PAYLOAD;
    } else if (reference.protocol_version() != kProtocolVersion) {
        expected_code = proto::PROTOCOL_VERSION_MISMATCH;
    } else if (reference.token() != fuzz_token()) {
        expected_code = proto::UNAUTHORIZED;
    } else if (reference.transport() != proto::TRANSPORT_SHM &&
               reference.transport() != proto::TRANSPORT_SOCKET) {
        expected_code = proto::MALFORMED_PAYLOAD;
    }

    if (result) {
        // Acceptance implies the kind, the version and the token matched.
        FUZZ_CHECK(header.kind == proto::HELLO);
        FUZZ_CHECK(result->protocol_version() == kProtocolVersion);
        FUZZ_CHECK(result->token() == fuzz_token());
        FUZZ_CHECK(result->transport() == proto::TRANSPORT_SHM ||
                   result->transport() == proto::TRANSPORT_SOCKET);
        FUZZ_CHECK(expected_code == proto::ERROR_UNSPECIFIED);
        FUZZ_CHECK(result->SerializeAsString() == reference.SerializeAsString());
    } else {
        FUZZ_CHECK(result.error().code == expected_code);
        FUZZ_CHECK(!result.error().message.empty());
    }

    // An empty service token never matches, whatever is offered (not even an empty token).
    FUZZ_CHECK(!check_hello(header, payload, std::string()));
    // A token that differs only in its last byte, or is one byte longer, is refused.
    if (expected_code == proto::ERROR_UNSPECIFIED) {
        std::string near_miss = fuzz_token();
        near_miss.back() = static_cast<char>(near_miss.back() ^ 1);
        const auto refused = check_hello(header, payload, near_miss);
        FUZZ_CHECK(!refused && refused.error().code == proto::UNAUTHORIZED);
        const auto longer = check_hello(header, payload, fuzz_token() + "x");
        FUZZ_CHECK(!longer && longer.error().code == proto::UNAUTHORIZED);
    }
    return 0;
}
