// Micro benchmarks of the IPC building blocks: `build/bench/bench_ipc_micro`.
#include <benchmark/benchmark.h>

#include <thread>
#include <vector>

#include "frame.h"
#include "frame_ring_io.h"
#include "lapce_ai.pb.h"
#include "latency_histogram.h"
#include "spsc_ring.h"

using namespace lapce_ai;
using namespace lapce_ai::ipc;

namespace {

void encode_ping_frame(benchmark::State& state) {
    proto::Ping ping;
    ping.mutable_payload()->assign(static_cast<std::size_t>(state.range(0)), 'x');
    std::string buffer;
    for (auto _ : state) {
        encode_frame(buffer, proto::PING, 0, 1, ping);
        benchmark::DoNotOptimize(buffer.data());
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
}
BENCHMARK(encode_ping_frame)->Arg(64)->Arg(1024)->Arg(16384);

void decode_ping_frame(benchmark::State& state) {
    proto::Ping ping;
    ping.mutable_payload()->assign(static_cast<std::size_t>(state.range(0)), 'x');
    std::string buffer;
    encode_frame(buffer, proto::PING, 0, 1, ping);
    proto::Ping parsed;
    for (auto _ : state) {
        auto header =
            parse_frame_header({reinterpret_cast<const std::byte*>(buffer.data()), buffer.size()},
                               kDefaultMaxFrameBytes);
        parsed.ParseFromArray(buffer.data() + kFrameHeaderBytes, static_cast<int>(header->length));
        benchmark::DoNotOptimize(parsed.payload().data());
    }
}
BENCHMARK(decode_ping_frame)->Arg(64)->Arg(1024)->Arg(16384);

// One producer thread, one consumer (the benchmark thread): frames per second through a ring.
void ring_stream_frames(benchmark::State& state) {
    constexpr std::uint32_t kCapacity = 256 * 1024;
    RingControl control{};
    std::vector<std::byte> data(kCapacity);
    SpscRing ring(control, data.data(), kCapacity);
    const auto frame_payload = static_cast<std::size_t>(state.range(0));
    std::atomic<bool> stop{false};
    std::thread producer([&] {
        std::string frame(kFrameHeaderBytes + frame_payload, 'x');
        encode_frame_header(
            {static_cast<std::uint32_t>(frame_payload), proto::ECHO_STREAM_CHUNK, 0, 1},
            std::span<std::byte, kFrameHeaderBytes>(reinterpret_cast<std::byte*>(frame.data()),
                                                    kFrameHeaderBytes));
        const WaitContext wait{
            std::chrono::steady_clock::now() + std::chrono::seconds(60), nullptr, {}};
        while (!stop.load(std::memory_order_relaxed)) {
            if (ring.write({reinterpret_cast<const std::byte*>(frame.data()), frame.size()},
                           wait) != RingStatus::Ok)
                break;
        }
    });
    FrameHeader header;
    std::string payload;
    const WaitContext wait{
        std::chrono::steady_clock::now() + std::chrono::seconds(60), nullptr, {}};
    for (auto _ : state) {
        read_frame(ring, wait, kDefaultMaxFrameBytes, header, payload);
    }
    stop = true;
    // Drain so the producer can finish its last write.
    while (ring.readable_bytes() > 0 || producer.joinable()) {
        if (read_frame(
                ring,
                WaitContext{
                    std::chrono::steady_clock::now() + std::chrono::milliseconds(50), nullptr, {}},
                kDefaultMaxFrameBytes, header, payload) != ChannelStatus::Ok) {
            break;
        }
    }
    producer.join();
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(ring_stream_frames)->Arg(64)->Arg(1024)->UseRealTime();

void histogram_record(benchmark::State& state) {
    LatencyHistogram histogram;
    std::int64_t ns = 1;
    for (auto _ : state) {
        histogram.record(std::chrono::nanoseconds(ns));
        ns = (ns * 7 + 13) % 1'000'000;
    }
}
BENCHMARK(histogram_record);

}  // namespace

BENCHMARK_MAIN();
