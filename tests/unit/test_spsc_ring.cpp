#include <QtTest>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <numeric>
#include <thread>
#include <vector>

#include "frame_ring_io.h"
#include "ring_segment.h"
#include "spsc_ring.h"

using namespace lapce_ai::ipc;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

struct LocalRing {
    explicit LocalRing(std::uint32_t capacity)
        : data(capacity), ring(control, data.data(), capacity) {}
    RingControl control{};
    std::vector<std::byte> data;
    SpscRing ring;
};

WaitContext until(Clock::duration from_now) {
    return WaitContext{Clock::now() + from_now, nullptr, {}};
}

std::vector<std::byte> pattern(std::size_t size, unsigned seed) {
    std::vector<std::byte> bytes(size);
    for (std::size_t i = 0; i < size; ++i)
        bytes[i] = static_cast<std::byte>((i * 31 + seed) & 0xff);
    return bytes;
}

class Never final : public LivenessCheck {
  public:
    bool keep_waiting() override { return false; }
};

}  // namespace

class SpscRingTest : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void bytes_come_out_in_order_across_the_wrap() {
        LocalRing local(64);
        std::vector<std::byte> out(40);
        for (unsigned round = 0; round < 10; ++round) {
            const auto in = pattern(40, round);
            QCOMPARE(local.ring.write(in, until(1s)), RingStatus::Ok);
            QCOMPARE(local.ring.readable_bytes(), std::size_t{40});
            QCOMPARE(local.ring.read(out, until(1s)), RingStatus::Ok);
            QVERIFY(out == in);
        }
    }

    void a_full_ring_times_out_instead_of_growing() {
        LocalRing local(64);
        QCOMPARE(local.ring.write(pattern(64, 1), until(1s)), RingStatus::Ok);
        const auto started = Clock::now();
        QCOMPARE(local.ring.write(pattern(1, 2), until(20ms)), RingStatus::Timeout);
        QVERIFY(Clock::now() - started >= 20ms);
        QCOMPARE(local.ring.readable_bytes(), std::size_t{64});
    }

    void an_empty_ring_times_out_on_read() {
        LocalRing local(64);
        std::vector<std::byte> out(1);
        QCOMPARE(local.ring.read(out, until(10ms)), RingStatus::Timeout);
        QCOMPARE(local.ring.wait_readable(until(10ms)), RingStatus::Timeout);
    }

    void a_failed_liveness_check_ends_the_wait() {
        LocalRing local(64);
        Never never;
        std::vector<std::byte> out(1);
        QCOMPARE(local.ring.read(out, WaitContext{Clock::now() + 10s, &never, {0, 0, 1000us}}),
                 RingStatus::PeerGone);
    }

    void impossible_positions_are_reported_as_corruption() {
        LocalRing local(64);
        local.control.head.store(1000);
        std::vector<std::byte> out(1);
        QCOMPARE(local.ring.read(out, until(1s)), RingStatus::Corrupted);
        QCOMPARE(local.ring.write(pattern(1, 0), until(1s)), RingStatus::Corrupted);
        QCOMPARE(local.ring.wait_readable(until(1s)), RingStatus::Corrupted);
    }

    void transfers_larger_than_the_ring_flow_between_threads() {
        LocalRing local(4096);
        const auto in = pattern(1 << 20, 7);
        std::vector<std::byte> out(in.size());
        std::thread consumer([&] { QCOMPARE(local.ring.read(out, until(10s)), RingStatus::Ok); });
        QCOMPARE(local.ring.write(in, until(10s)), RingStatus::Ok);
        consumer.join();
        QVERIFY(out == in);
    }

    void a_sleeping_consumer_is_woken_by_the_producer() {
        LocalRing local(4096);
        std::vector<std::byte> out(8);
        std::atomic<bool> done{false};
        std::thread consumer([&] {
            QCOMPARE(local.ring.read(out, WaitContext{Clock::now() + 10s, nullptr, {0, 0, 5s}}),
                     RingStatus::Ok);
            done = true;
        });
        std::this_thread::sleep_for(50ms);  // the consumer is asleep on the futex by now
        const auto sent = Clock::now();
        QCOMPARE(local.ring.write(pattern(8, 3), until(1s)), RingStatus::Ok);
        consumer.join();
        QVERIFY(done);
        // Woken, not timed out: far sooner than the 5 s sleep slice.
        QVERIFY(Clock::now() - sent < 2s);
    }

    void frames_round_trip_through_a_shared_segment() {
        auto segment = RingSegment::create(SharedMemory::unique_name(), 4096);
        QVERIFY(segment.has_value());
        auto attached = RingSegment::attach(segment->memory().name(), 4096);
        QVERIFY(attached.has_value());
        segment->memory().unlink();
        const std::string payload(10000, 'z');
        std::string frame(kFrameHeaderBytes, '\0');
        encode_frame_header({static_cast<std::uint32_t>(payload.size()), 3, 0, 42},
                            std::span<std::byte, kFrameHeaderBytes>(
                                reinterpret_cast<std::byte*>(frame.data()), kFrameHeaderBytes));
        frame += payload;
        std::thread writer([&] {
            QCOMPARE(
                segment->client_to_service().write(
                    {reinterpret_cast<const std::byte*>(frame.data()), frame.size()}, until(10s)),
                RingStatus::Ok);
        });
        FrameHeader header;
        std::string received;
        QCOMPARE(read_frame(attached->client_to_service(), until(10s), 1 << 20, header, received),
                 ChannelStatus::Ok);
        writer.join();
        QCOMPARE(header.request_id, std::uint64_t{42});
        QVERIFY(received == payload);
    }

    void read_frame_refuses_oversized_frames() {
        LocalRing local(4096);
        std::array<std::byte, kFrameHeaderBytes> raw{};
        encode_frame_header({100000, 3, 0, 1}, raw);
        QCOMPARE(local.ring.write(raw, until(1s)), RingStatus::Ok);
        FrameHeader header;
        std::string payload;
        QCOMPARE(read_frame(local.ring, until(1s), 4096, header, payload),
                 ChannelStatus::FrameTooLarge);
    }

    void attach_checks_the_segment() {
        QCOMPARE(RingSegment::attach("/lapce-ai-test-missing-segment", 4096).error().code,
                 SegmentError::Code::Shm);
        QCOMPARE(RingSegment::create(SharedMemory::unique_name(), 1000).error().code,
                 SegmentError::Code::BadRingSize);
        auto segment = RingSegment::create(SharedMemory::unique_name(), 4096);
        QVERIFY(segment.has_value());
        QCOMPARE(RingSegment::attach(segment->memory().name(), 8192).error().code,
                 SegmentError::Code::Shm);
        auto plain =
            SharedMemory::create(SharedMemory::unique_name(), RingSegment::segment_bytes(4096));
        QVERIFY(plain.has_value());
        QCOMPARE(RingSegment::attach(plain->name(), 4096).error().code,
                 SegmentError::Code::BadMagic);
        plain->unlink();
        segment->memory().unlink();
    }

    void attach_refuses_a_segment_of_another_layout_or_ring_size() {
        auto segment = RingSegment::create(SharedMemory::unique_name(), 4096);
        QVERIFY(segment.has_value());
        const std::string name = segment->memory().name();
        segment->header().layout_version += 1;
        const auto other_layout = RingSegment::attach(name, 4096);
        QCOMPARE(other_layout.error().code, SegmentError::Code::BadLayout);
        QCOMPARE(QString::fromStdString(other_layout.error().message()),
                 QStringLiteral("shared memory segment has an unsupported layout version"));
        segment->header().layout_version -= 1;
        segment->header().ring_bytes = 8192;
        const auto other_size = RingSegment::attach(name, 4096);
        QCOMPARE(other_size.error().code, SegmentError::Code::BadRingSize);
        QCOMPARE(QString::fromStdString(other_size.error().message()),
                 QStringLiteral("ring size must be a power of two between 4 KiB and 64 MiB"));
        segment->header().ring_bytes = 4096;
        QVERIFY(RingSegment::attach(name, 4096).has_value());
        segment->memory().unlink();

        QCOMPARE(QString::fromStdString(SegmentError{SegmentError::Code::BadMagic}.message()),
                 QStringLiteral("shared memory segment has the wrong magic number"));
        const SegmentError shm{SegmentError::Code::Shm, ShmError{ShmError::Code::OpenFailed, 0}};
        QCOMPARE(QString::fromStdString(shm.message()),
                 QStringLiteral("cannot open shared memory"));
    }

    void shared_memory_refuses_bad_names_missing_and_short_segments_with_typed_errors() {
        QCOMPARE(SharedMemory::create("no-leading-slash", 64).error().code,
                 ShmError::Code::InvalidName);
        QCOMPARE(SharedMemory::create(SharedMemory::unique_name(), 0).error().code,
                 ShmError::Code::InvalidName);
        QCOMPARE(SharedMemory::open("no-leading-slash", 64).error().code,
                 ShmError::Code::InvalidName);
        const auto missing = SharedMemory::open("/lapce-ai-test-missing-segment", 64);
        QCOMPARE(missing.error().code, ShmError::Code::OpenFailed);
        QCOMPARE(missing.error().errno_value, ENOENT);
        QCOMPARE(QString::fromStdString(missing.error().message()),
                 QStringLiteral("cannot open shared memory: ") +
                     QString::fromLocal8Bit(std::strerror(ENOENT)));

        auto small = SharedMemory::create(SharedMemory::unique_name(), 64);
        QVERIFY(small.has_value());
        const auto too_small = SharedMemory::open(small->name(), 4096);
        QCOMPARE(too_small.error().code, ShmError::Code::TooSmall);
        QCOMPARE(QString::fromStdString(too_small.error().message()),
                 QStringLiteral("shared memory segment is smaller than announced"));
        small->unlink();
    }

    void shared_memory_error_messages_name_the_failed_step() {
        const std::pair<ShmError::Code, const char*> expected[] = {
            {ShmError::Code::InvalidName, "invalid shared memory name"},
            {ShmError::Code::CreateFailed, "cannot create shared memory"},
            {ShmError::Code::OpenFailed, "cannot open shared memory"},
            {ShmError::Code::ResizeFailed, "cannot size shared memory"},
            {ShmError::Code::MapFailed, "cannot map shared memory"},
            {ShmError::Code::TooSmall, "shared memory segment is smaller than announced"}};
        for (const auto& [code, text] : expected)
            QCOMPARE(QString::fromStdString(ShmError{code, 0}.message()), QLatin1String(text));
        QCOMPARE(QString::fromStdString(ShmError{ShmError::Code::MapFailed, ENOMEM}.message()),
                 QStringLiteral("cannot map shared memory: ") +
                     QString::fromLocal8Bit(std::strerror(ENOMEM)));
    }

    void a_moved_shared_memory_mapping_keeps_its_bytes_and_leaves_the_source_empty() {
        auto created = SharedMemory::create(SharedMemory::unique_name(), 128);
        QVERIFY(created.has_value());
        std::memcpy(created->data(), "kept", 4);
        SharedMemory moved(std::move(*created));
        QVERIFY(created->data() == nullptr);
        QCOMPARE(created->size(), std::size_t{0});
        QCOMPARE(std::memcmp(moved.data(), "kept", 4), 0);

        auto other = SharedMemory::create(SharedMemory::unique_name(), 64);
        QVERIFY(other.has_value());
        other->unlink();
        const std::string kept_name = moved.name();
        // Assigning releases the target's own mapping first, then takes the source's.
        *other = std::move(moved);
        QCOMPARE(other->size(), std::size_t{128});
        QCOMPARE(other->name(), kept_name);
        QCOMPARE(std::memcmp(other->data(), "kept", 4), 0);
        QVERIFY(moved.data() == nullptr);
        other->unlink();
        QCOMPARE(SharedMemory::open(kept_name, 1).error().code, ShmError::Code::OpenFailed);
    }
};

QTEST_GUILESS_MAIN(SpscRingTest)
#include "test_spsc_ring.moc"
