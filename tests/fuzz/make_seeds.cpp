// Writes the seed corpora of the fuzz targets:
//
//   fuzz_make_seeds <corpus dir> [<golden providers dir>]
//
// creates <corpus dir>/<target>/<name> for fuzz_handshake, fuzz_frame_decoder and
// fuzz_ring_reader. The frames are built with the product's own encoder, so they stay valid if
// the wire format changes; the input layouts are described in fuzz_common.h. With the golden
// providers directory (../shared/golden/providers), also fuzz_provider_stream: the response
// bodies of the golden cases of each provider family, as the replay server sends them.

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "event_stream_entry.h"
#include "frame.h"
#include "fuzz_common.h"
#include "lapce_ai.pb.h"
#include "ordered_json.h"
#include "replay_server.h"

namespace {

namespace fs = std::filesystem;
using namespace lapce_ai::ipc;
using namespace lapce_ai::fuzz;
using Bytes = std::string;

Bytes frame(std::uint16_t kind, const google::protobuf::MessageLite& message,
            std::uint64_t request_id = 1, std::uint16_t flags = 0) {
    Bytes out;
    if (!encode_frame(out, kind, flags, request_id, message)) std::abort();
    return out;
}

Bytes raw_header(std::uint32_t length, std::uint16_t kind, std::uint16_t flags = 0,
                 std::uint64_t request_id = 1) {
    Bytes out(kFrameHeaderBytes, '\0');
    encode_frame_header({length, kind, flags, request_id},
                        std::span<std::byte, kFrameHeaderBytes>(
                            reinterpret_cast<std::byte*>(out.data()), kFrameHeaderBytes));
    return out;
}

Bytes hello(std::string_view token, std::uint32_t version = kProtocolVersion,
            int transport = proto::TRANSPORT_SOCKET, bool recovery = false) {
    proto::Hello message;
    message.set_protocol_version(version);
    message.set_client_name("fuzz-seed");
    message.set_token(std::string(token));
    message.set_transport(static_cast<proto::Transport>(transport));
    if (recovery) {
        message.mutable_recovery()->set_recoveries(3);
        message.mutable_recovery()->set_last_recovery_us(12345);
    }
    return frame(proto::HELLO, message, 0);
}

Bytes ping(std::size_t payload_bytes, std::uint64_t request_id = 2) {
    proto::Ping message;
    message.set_sent_ns(123456789);
    message.set_payload(std::string(payload_bytes, 'p'));
    return frame(proto::PING, message, request_id);
}

Bytes echo_request(std::uint32_t count, std::uint32_t chunk_bytes) {
    proto::EchoStreamRequest message;
    message.set_count(count);
    message.set_chunk_bytes(chunk_bytes);
    return frame(proto::ECHO_STREAM_REQUEST, message, 7);
}

void write_file(const fs::path& path, const Bytes& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) {
        std::cerr << "fuzz_make_seeds: cannot write " << path << '\n';
        std::exit(1);
    }
}

// fuzz_frame_decoder: chunk table + small-max selector + stream.
Bytes decoder_input(const std::vector<std::uint8_t>& chunks, std::uint8_t small_max,
                    const Bytes& stream) {
    Bytes out;
    for (std::size_t i = 0; i < 8; ++i) out.push_back(static_cast<char>(chunks[i % chunks.size()]));
    out.push_back(static_cast<char>(small_max));
    return out + stream;
}

// fuzz_ring_reader: see the layout in fuzz_common.h.
struct RingSeed {
    std::uint8_t capacity_log2 = 12;
    std::uint8_t max_selector = 0;
    bool live = false;
    std::uint64_t head = 0;
    std::uint32_t fill = 0;  // tail = head - fill
    std::uint32_t increments[4] = {0, 0, 0, 0};
    std::uint8_t keep_mask = 0;
    std::uint8_t producer_sleeping = 0;
    Bytes contents;
};

Bytes ring_input(const RingSeed& seed) {
    Bytes out(kRingPrefixBytes, '\0');
    auto* bytes = reinterpret_cast<std::byte*>(out.data());
    out[0] = static_cast<char>(seed.capacity_log2);
    out[1] = static_cast<char>(seed.max_selector);
    out[2] = static_cast<char>(kRingFlagRelativeTail | (seed.live ? kRingFlagLivePeer : 0));
    store_u64(bytes + 3, seed.head);
    store_u32(bytes + 11, seed.fill);
    out[20] = static_cast<char>(seed.producer_sleeping);
    for (int i = 0; i < 4; ++i) store_u32(bytes + 23 + 4 * i, seed.increments[i]);
    out[39] = static_cast<char>(seed.keep_mask);
    return out + seed.contents;
}

Bytes ring_input_absolute(std::uint64_t head, std::uint64_t tail, const Bytes& contents) {
    RingSeed seed;
    seed.head = head;
    seed.contents = contents;
    Bytes out = ring_input(seed);
    out[2] = 0;  // absolute tail
    store_u64(reinterpret_cast<std::byte*>(out.data()) + 11, tail);
    return out;
}

// fuzz_provider_stream: every golden case of a family the harness knows gives one seed per
// response it scripts, except model-list fetches (GET), with its status where the harness
// offers it.
void write_provider_stream_seeds(const fs::path& golden, const fs::path& dir) {
    using lapce_ai::json::OrderedJson;
    fs::create_directories(dir);
    std::vector<fs::path> cases;
    for (const auto& entry : fs::recursive_directory_iterator(golden))
        if (entry.path().extension() == ".json") cases.push_back(entry.path());
    std::sort(cases.begin(), cases.end());
    int written = 0;
    for (const fs::path& path : cases) {
        std::ifstream in(path, std::ios::binary);
        const std::string text((std::istreambuf_iterator<char>(in)), {});
        auto parsed = lapce_ai::json::parse_ordered_json(text);
        if (!parsed || !parsed->is_object()) continue;
        const OrderedJson* provider = parsed->find("provider");
        const OrderedJson* settings = parsed->find("settings");
        const OrderedJson* transcript = parsed->find("response_transcript");
        const OrderedJson* input = parsed->find("input");
        if (!provider || !provider->is_string() || !transcript || !input) continue;
        const OrderedJson* r1 = settings ? settings->find("openAiR1FormatEnabled") : nullptr;
        const bool wants_r1 = r1 && r1->type() == OrderedJson::Type::Boolean && r1->as_bool();
        std::optional<std::size_t> family;
        for (std::size_t i = 0; i < kProviderFamilyCount; ++i) {
            const bool is_r1 =
                kProviderFamilies[i].settings.find("R1Format") != std::string_view::npos;
            if (kProviderFamilies[i].provider == provider->as_string() && is_r1 == wants_r1)
                family = i;
        }
        if (!family) continue;
        const OrderedJson* action = input->find("action");
        const bool complete_prompt =
            action && action->is_string() && action->as_string() == "completePrompt";
        int index = 0;
        for (const OrderedJson& responder : transcript->items()) {
            const OrderedJson* match = responder.find("match");
            const OrderedJson* method = match ? match->find("method") : nullptr;
            if (method && method->is_string() && method->as_string() == "GET") continue;
            const OrderedJson* status_json = responder.find("status");
            const int status = status_json ? static_cast<int>(status_json->as_number()) : 200;
            std::uint8_t status_index = 0;
            for (std::uint8_t i = 0; i < 8; ++i)
                if (kProviderStatuses[i] == status) status_index = i;
            const lapce_ai::testing::ResponderBody body = lapce_ai::testing::responder_body(
                responder, lapce_ai::testing::encode_event_stream_entry);
            Bytes seed;
            seed.push_back(static_cast<char>(*family));
            seed.push_back(
                static_cast<char>(status_index | (complete_prompt ? kProviderCompletePrompt : 0)));
            for (const QByteArray& piece : body.pieces) seed += piece.toStdString();
            const std::string name =
                provider->as_string() + "_" + path.stem().string() + "_" + std::to_string(index++);
            write_file(dir / name, seed);
            ++written;
        }
    }
    std::cout << "fuzz_make_seeds: " << written << " fuzz_provider_stream seeds from " << golden
              << '\n';
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2 && argc != 3) {
        std::cerr << "usage: fuzz_make_seeds <corpus dir> [<golden providers dir>]\n";
        return 2;
    }
    const fs::path root(argv[1]);
    const std::string token(kToken);
    if (argc == 3) write_provider_stream_seeds(argv[2], root / "fuzz_provider_stream");

    // ---- fuzz_handshake: one frame each -------------------------------------------------------
    {
        const fs::path dir = root / "fuzz_handshake";
        fs::create_directories(dir);
        write_file(dir / "hello_ok_socket", hello(token));
        write_file(dir / "hello_ok_shm", hello(token, kProtocolVersion, proto::TRANSPORT_SHM));
        write_file(dir / "hello_ok_recovery",
                   hello(token, kProtocolVersion, proto::TRANSPORT_SHM, true));
        Bytes wrong = token;
        wrong.back() = 'X';
        write_file(dir / "hello_wrong_token", hello(wrong));
        write_file(dir / "hello_short_token", hello(token.substr(0, token.size() - 1)));
        write_file(dir / "hello_empty_token", hello(""));
        write_file(dir / "hello_version_0", hello(token, 0));
        write_file(dir / "hello_version_2", hello(token, 2));
        write_file(dir / "hello_bad_transport", hello(token, kProtocolVersion, 7));
        write_file(dir / "ping_first", ping(8, 1));
        write_file(dir / "truncated_header", hello(token).substr(0, 10));
        write_file(dir / "oversized_length", raw_header(0xffffffffu, proto::HELLO));
        write_file(dir / "malformed_payload", raw_header(5, proto::HELLO) + "\xff\xff\xff\xff\xff");
        Bytes cut = hello(token);
        write_file(dir / "hello_payload_cut", cut.substr(0, cut.size() - 4));
    }

    // ---- fuzz_frame_decoder: chunking prefix + stream -----------------------------------------
    {
        const fs::path dir = root / "fuzz_frame_decoder";
        fs::create_directories(dir);
        proto::MetricsRequest metrics;
        proto::Cancel cancel;
        const Bytes session = hello(token) + ping(0) + ping(32, 3) +
                              frame(proto::METRICS_REQUEST, metrics, 4) + echo_request(3, 64) +
                              frame(proto::CANCEL, cancel, 7);
        write_file(dir / "session_one_append", decoder_input({0}, 0, session));
        write_file(dir / "session_bytewise", decoder_input({1}, 0, session));
        write_file(dir / "session_mixed_chunks",
                   decoder_input({3, 16, 1, 255, 17, 2, 40, 5}, 0, session));
        write_file(dir / "hello_shm_then_ping",
                   decoder_input({7, 9}, 1,
                                 hello(token, kProtocolVersion, proto::TRANSPORT_SHM) + ping(100)));
        write_file(dir / "hello_wrong_version", decoder_input({0}, 0, hello(token, 2) + ping(4)));
        proto::RoundTripReport report;  // buckets of about 1 µs, 10 µs and 1 ms
        for (const std::uint32_t bucket : {40u, 53u, 79u}) {
            report.add_buckets(bucket);
            report.add_counts(bucket / 10);
        }
        report.set_max_ns(1'200'000);
        write_file(
            dir / "round_trip_report",
            decoder_input({0}, 0,
                          hello(token) + frame(proto::ROUND_TRIP_REPORT, report, 0) + ping(8)));
        // Larger than the small decoder's 4096: it stops with TooLarge, the default one accepts.
        write_file(dir / "ping_over_small_max",
                   decoder_input({0, 200}, 0, hello(token) + ping(4200)));
        // With the 64-byte maximum.
        write_file(dir / "small_max_64",
                   decoder_input({13}, 2, hello(token) + ping(40) + ping(80)));
        write_file(dir / "truncated_header",
                   decoder_input({0}, 0, hello(token) + raw_header(4, proto::PING).substr(0, 9)));
        write_file(
            dir / "oversized_length",
            decoder_input({5}, 0, hello(token) + raw_header(0xffffffffu, proto::PING) + "tail"));
        write_file(dir / "incomplete_payload",
                   decoder_input({0}, 0, hello(token) + raw_header(100, proto::PING) + "short"));
        proto::Welcome welcome;
        welcome.set_session_id(1);
        welcome.set_shm_name("/lapce-ai-0-seed");
        welcome.set_ring_bytes(262144);
        welcome.set_max_frame_bytes(kDefaultMaxFrameBytes);
        proto::Error error;
        error.set_code(proto::UNAUTHORIZED);
        error.set_message("invalid token");
        proto::EchoStreamChunk chunk;
        chunk.set_sequence(1);
        chunk.set_payload("chunk");
        write_file(dir / "service_to_client",
                   decoder_input({11}, 0,
                                 frame(proto::WELCOME, welcome) + frame(proto::ERROR, error) +
                                     frame(proto::ECHO_STREAM_CHUNK, chunk)));
    }

    // ---- fuzz_ring_reader: positions + contents ----------------------------------------------
    {
        const fs::path dir = root / "fuzz_ring_reader";
        fs::create_directories(dir);
        const Bytes one = ping(24);
        const Bytes two = hello(token) + ping(8);

        RingSeed seed;
        seed.head = one.size();
        seed.fill = static_cast<std::uint32_t>(one.size());
        seed.contents = one;
        write_file(dir / "one_frame", ring_input(seed));

        seed.head = two.size();
        seed.fill = static_cast<std::uint32_t>(two.size());
        seed.contents = two;
        write_file(dir / "two_frames", ring_input(seed));

        // A 64-byte ring whose frame wraps around the end; positions near 2^64.
        seed.capacity_log2 = 6;
        seed.contents = ping(20);
        seed.fill = static_cast<std::uint32_t>(seed.contents.size());
        seed.head = 0xffffffffffffffffull - 20;
        write_file(dir / "wrapping_frame_64", ring_input(seed));

        // Half a header; half a payload.
        seed.capacity_log2 = 12;
        seed.contents = one;
        seed.head = 1000;
        seed.fill = 8;
        write_file(dir / "partial_header", ring_input(seed));
        seed.fill = static_cast<std::uint32_t>(one.size() - 5);
        write_file(dir / "partial_payload", ring_input(seed));

        // More bytes "readable" than the ring holds: corrupted.
        seed.fill = 4097;
        write_file(dir / "fill_over_capacity", ring_input(seed));
        write_file(dir / "tail_ahead_of_head", ring_input_absolute(100, 200, one));

        // A header announcing more than max_frame_bytes (4096 selected).
        seed.max_selector = 1;
        seed.contents = raw_header(5000, proto::PING) + Bytes(32, 'x');
        seed.fill = static_cast<std::uint32_t>(seed.contents.size());
        write_file(dir / "frame_too_large", ring_input(seed));
        seed.max_selector = 0;

        // Empty ring; a live peer publishes a frame in two steps, then goes away.
        seed.contents = one;
        seed.head = 4096;
        seed.fill = 0;
        seed.live = true;
        seed.increments[0] = 10;
        seed.increments[1] = static_cast<std::uint32_t>(one.size() - 10);
        seed.keep_mask = 0x3;
        seed.producer_sleeping = 1;
        write_file(dir / "live_peer_publishes", ring_input(seed));
        // A live peer that jumps head far beyond the ring after the header arrived.
        seed.increments[0] = 16;
        seed.increments[1] = 0x7fffffff;
        write_file(dir / "live_peer_corrupts", ring_input(seed));
    }
    std::cout << "fuzz_make_seeds: wrote seeds under " << root << '\n';
    return 0;
}
