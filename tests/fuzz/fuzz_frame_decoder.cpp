// libFuzzer harness for StreamFrameDecoder: the decoder of untrusted bytes on the socket
// transport (and of every connection's handshake).
//
// The input (layout in fuzz_common.h) is a byte stream plus a table of chunk sizes. The stream is
// appended in those chunks to two decoders, one with a small max_frame_bytes and one with the
// default, draining complete frames after every append. A straightforward reference parse of the
// whole stream is the oracle: whatever the chunking, each decoder must return exactly the frames
// the reference finds, stop with TooLarge exactly where the reference finds an oversized header,
// and stay poisoned afterwards. Every complete frame's payload is parsed as the message its kind
// names, and the first frame goes through check_hello, as Session::on_ready_read does.

#include <google/protobuf/message_lite.h>
#include <google/protobuf/stubs/logging.h>

#include <cstring>
#include <string>
#include <vector>

#include "frame.h"
#include "fuzz_common.h"
#include "handshake.h"
#include "lapce_ai.pb.h"
#include "round_trip_report.h"

namespace {

using namespace lapce_ai::ipc;
using lapce_ai::fuzz::kDecoderPrefixBytes;
using lapce_ai::fuzz::kDecoderSmallMax;

const std::string& fuzz_token() {
    static const std::string token(lapce_ai::fuzz::kToken);
    return token;
}

// Parses, re-serialises and re-parses: a message the parser accepted must survive a round trip
// byte for byte.
template <typename Message>
void parse_payload(std::span<const std::byte> payload) {
    Message message;
    if (!message.ParseFromArray(payload.data(), static_cast<int>(payload.size()))) return;
    const std::string serialized = message.SerializeAsString();
    FUZZ_CHECK(serialized.size() == message.ByteSizeLong());
    Message again;
    FUZZ_CHECK(again.ParseFromString(serialized));
    FUZZ_CHECK(again.SerializeAsString() == serialized);
}

// What the service does with a ROUND_TRIP_REPORT: merged whole or not at all, and only when a
// client could have sent it (lists of one length, buckets in range and unique, counts from 1 to
// 2^32, max_ns in the highest bucket named or above).
void merge_report(std::span<const std::byte> payload) {
    proto::RoundTripReport report;
    if (!report.ParseFromArray(payload.data(), static_cast<int>(payload.size()))) return;
    lapce_ai::LatencyHistogram histogram;
    const bool merged = merge_round_trip_report(report, histogram);
    std::uint64_t reported = 0;
    bool plausible = report.buckets_size() == report.counts_size();
    std::vector<bool> seen(lapce_ai::LatencyHistogram::kBuckets, false);
    for (int i = 0; plausible && i < report.buckets_size(); ++i) {
        const std::uint32_t bucket = report.buckets(i);
        plausible = bucket < seen.size() && !seen[bucket] && report.counts(i) > 0 &&
                    report.counts(i) <= (std::uint64_t{1} << 32) &&
                    lapce_ai::LatencyHistogram::bucket_of(report.max_ns()) >= bucket;
        if (!plausible) break;
        seen[bucket] = true;
        FUZZ_CHECK(histogram.bucket_count(bucket) == (merged ? report.counts(i) : 0));
        reported += report.counts(i);
    }
    FUZZ_CHECK(merged == plausible);
    if (!merged) FUZZ_CHECK(histogram.percentiles().count == 0);
    if (merged) FUZZ_CHECK(histogram.percentiles().count == reported);
}

void parse_by_kind(std::uint16_t kind, std::span<const std::byte> payload) {
    switch (kind) {
        // What the service parses from clients.
        case proto::HELLO:
            parse_payload<proto::Hello>(payload);
            break;
        case proto::PING:
            parse_payload<proto::Ping>(payload);
            break;
        case proto::CANCEL:
            parse_payload<proto::Cancel>(payload);
            break;
        case proto::METRICS_REQUEST:
            parse_payload<proto::MetricsRequest>(payload);
            break;
        case proto::ECHO_STREAM_REQUEST:
            parse_payload<proto::EchoStreamRequest>(payload);
            break;
        case proto::ROUND_TRIP_REPORT:
            parse_payload<proto::RoundTripReport>(payload);
            merge_report(payload);
            break;
        // What the client parses from the service (the same decoder runs in IpcClient).
        case proto::WELCOME:
            parse_payload<proto::Welcome>(payload);
            break;
        case proto::PONG:
            parse_payload<proto::Pong>(payload);
            break;
        case proto::ERROR:
            parse_payload<proto::Error>(payload);
            break;
        case proto::METRICS_SNAPSHOT:
            parse_payload<proto::MetricsSnapshot>(payload);
            break;
        case proto::ECHO_STREAM_CHUNK:
            parse_payload<proto::EchoStreamChunk>(payload);
            break;
        default:
            break;
    }
}

void check_first_frame(const FrameView& frame) {
    const auto checked = check_hello(frame.header, frame.payload, fuzz_token());
    if (checked) {
        FUZZ_CHECK(frame.header.kind == proto::HELLO);
        FUZZ_CHECK(checked->protocol_version() == kProtocolVersion);
        FUZZ_CHECK(checked->token() == fuzz_token());
    } else {
        FUZZ_CHECK(!checked.error().message.empty());
    }
    // An unset (empty) service token must never let anybody in.
    FUZZ_CHECK(!check_hello(frame.header, frame.payload, std::string()));
}

FrameHeader header_at(std::span<const std::byte> stream, std::size_t offset) {
    return decode_frame_header(stream.subspan(offset).first<kFrameHeaderBytes>());
}

void run_decoder(std::span<const std::uint8_t, 8> chunk_table, std::span<const std::byte> stream,
                 std::uint32_t max_frame_bytes, bool inspect_payloads) {
    StreamFrameDecoder decoder(max_frame_bytes);
    FUZZ_CHECK(decoder.max_frame_bytes() == max_frame_bytes);
    FUZZ_CHECK(decoder.buffered_bytes() == 0);

    std::size_t appended = 0;     // stream bytes handed to the decoder so far
    std::size_t frame_start = 0;  // where the reference says the next frame begins
    std::size_t frames = 0;
    std::size_t round = 0;
    while (appended < stream.size()) {
        std::size_t chunk = chunk_table[round++ % chunk_table.size()];
        if (chunk == 0 || chunk > stream.size() - appended) chunk = stream.size() - appended;
        decoder.append(stream.subspan(appended, chunk));
        appended += chunk;

        while (true) {
            const std::size_t pending = appended - frame_start;
            FUZZ_CHECK(decoder.buffered_bytes() == pending);
            auto next = decoder.next();
            if (!next) {
                // Only an oversized header stops the decoder, and only once it is complete.
                FUZZ_CHECK(next.error() == FrameError::TooLarge);
                FUZZ_CHECK(pending >= kFrameHeaderBytes);
                FUZZ_CHECK(header_at(stream, frame_start).length > max_frame_bytes);
                // Poisoned for good: later calls and later bytes change nothing.
                auto again = decoder.next();
                FUZZ_CHECK(!again && again.error() == FrameError::TooLarge);
                const std::byte more[kFrameHeaderBytes] = {};
                decoder.append(more);
                auto after_append = decoder.next();
                FUZZ_CHECK(!after_append && after_append.error() == FrameError::TooLarge);
                return;
            }
            if (!next->has_value()) {
                // More bytes needed: the reference agrees that the frame is incomplete.
                if (pending >= kFrameHeaderBytes) {
                    const FrameHeader expected = header_at(stream, frame_start);
                    FUZZ_CHECK(expected.length <= max_frame_bytes);
                    FUZZ_CHECK(pending < kFrameHeaderBytes + expected.length);
                }
                break;
            }
            const FrameView frame = **next;
            const FrameHeader expected = header_at(stream, frame_start);
            FUZZ_CHECK(frame.header == expected);
            FUZZ_CHECK(frame.header.length <= max_frame_bytes);
            FUZZ_CHECK(frame.payload.size() == frame.header.length);
            FUZZ_CHECK(pending >= kFrameHeaderBytes + frame.payload.size());
            // The view must point at the frame's own bytes (ASan checks that it is live memory).
            FUZZ_CHECK(frame.payload.empty() ||
                       std::memcmp(frame.payload.data(),
                                   stream.data() + frame_start + kFrameHeaderBytes,
                                   frame.payload.size()) == 0);
            if (inspect_payloads) {
                if (frames == 0) check_first_frame(frame);
                parse_by_kind(frame.header.kind, frame.payload);
            }
            frame_start += kFrameHeaderBytes + frame.payload.size();
            ++frames;
            FUZZ_CHECK(decoder.buffered_bytes() == appended - frame_start);
        }
    }
    // Everything appended is either returned as frames or still buffered as an incomplete one.
    FUZZ_CHECK(decoder.buffered_bytes() == stream.size() - frame_start);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    // The parser logs every string field with invalid UTF-8 to stderr; at tens of thousands of
    // inputs per second that floods the log (gigabytes per campaign) and slows the fuzzer.
    google::protobuf::SetLogHandler(nullptr);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < kDecoderPrefixBytes) return 0;
    const std::span<const std::uint8_t, 8> chunk_table(data, 8);
    const std::uint32_t small_max = kDecoderSmallMax[data[8] & 3u];
    const std::span<const std::byte> stream(
        reinterpret_cast<const std::byte*>(data) + kDecoderPrefixBytes, size - kDecoderPrefixBytes);
    run_decoder(chunk_table, stream, small_max, /*inspect_payloads=*/false);
    run_decoder(chunk_table, stream, kDefaultMaxFrameBytes, /*inspect_payloads=*/true);
    return 0;
}
