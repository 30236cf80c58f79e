#include <QtTest>

#include <limits>
#include <vector>

#include "latency_histogram.h"
#include "round_trip_report.h"

using lapce_ai::LatencyHistogram;
using lapce_ai::ipc::merge_round_trip_report;
using lapce_ai::ipc::RoundTripReporter;
namespace proto = lapce_ai::ipc::proto;
using namespace std::chrono_literals;

class LatencyHistogramTest : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void buckets_grow_with_duration() {
        std::size_t previous = 0;
        for (std::uint64_t ns = 1; ns < (1ull << 40); ns = ns * 3 / 2 + 1) {
            const std::size_t bucket = LatencyHistogram::bucket_of(ns);
            QVERIFY(bucket >= previous);
            previous = bucket;
            const double mid = LatencyHistogram::bucket_midpoint_ns(bucket);
            QVERIFY2(std::abs(mid - static_cast<double>(ns)) <= 0.2 * static_cast<double>(ns) + 1,
                     qPrintable(QStringLiteral("ns %1 midpoint %2").arg(ns).arg(mid)));
        }
    }

    void empty_histogram_reports_zero() {
        LatencyHistogram histogram;
        const auto result = histogram.percentiles();
        QCOMPARE(result.count, std::uint64_t{0});
        QCOMPARE(result.p50_us, 0.0);
    }

    void percentiles_follow_the_distribution() {
        LatencyHistogram histogram;
        // Nearest rank over 2000 samples: p99 is the 1980th, p99.9 the 1998th.
        for (int i = 0; i < 1960; ++i) histogram.record(1us);
        for (int i = 0; i < 37; ++i) histogram.record(100us);
        for (int i = 0; i < 3; ++i) histogram.record(10ms);
        const auto result = histogram.percentiles();
        QCOMPARE(result.count, std::uint64_t{2000});
        QVERIFY(result.p50_us > 0.8 && result.p50_us < 1.2);
        QVERIFY(result.p99_us > 80 && result.p99_us < 120);
        QVERIFY(result.p999_us > 8000 && result.p999_us < 12000);
        QCOMPARE(result.max_us, 10000.0);
    }

    void negative_durations_count_as_zero() {
        LatencyHistogram histogram;
        histogram.record(std::chrono::nanoseconds(-5));
        QCOMPARE(histogram.percentiles().count, std::uint64_t{1});
        QCOMPARE(histogram.percentiles().max_us, 0.0);
    }

    void a_report_carries_what_was_recorded_since_the_previous_one() {
        LatencyHistogram client;
        RoundTripReporter reporter;
        proto::RoundTripReport report;
        QVERIFY(!reporter.take_report(client, report));
        client.record(10us);
        client.record(10us);
        client.record(3ms);
        QVERIFY(reporter.take_report(client, report));
        const auto ten_us = static_cast<std::uint32_t>(LatencyHistogram::bucket_of(10'000));
        const auto three_ms = static_cast<std::uint32_t>(LatencyHistogram::bucket_of(3'000'000));
        QCOMPARE(std::vector<std::uint32_t>(report.buckets().begin(), report.buckets().end()),
                 (std::vector<std::uint32_t>{ten_us, three_ms}));
        QCOMPARE(std::vector<std::uint64_t>(report.counts().begin(), report.counts().end()),
                 (std::vector<std::uint64_t>{2, 1}));
        QCOMPARE(report.max_ns(), std::uint64_t{3'000'000});
        // Nothing new: no report, and an empty message.
        QVERIFY(!reporter.take_report(client, report));
        QCOMPARE(report.buckets_size(), 0);
        client.record(10us);
        QVERIFY(reporter.take_report(client, report));
        QCOMPARE(report.buckets_size(), 1);
        QCOMPARE(report.buckets(0), ten_us);
        QCOMPARE(report.counts(0), std::uint64_t{1});
    }

    void merged_reports_give_the_clients_percentiles() {
        LatencyHistogram first;
        LatencyHistogram second;
        LatencyHistogram both;
        for (int i = 0; i < 90; ++i) first.record(1us);
        for (int i = 0; i < 10; ++i) second.record(100us);
        RoundTripReporter first_reporter;
        RoundTripReporter second_reporter;
        proto::RoundTripReport report;
        QVERIFY(first_reporter.take_report(first, report));
        QVERIFY(merge_round_trip_report(report, both));
        QVERIFY(second_reporter.take_report(second, report));
        QVERIFY(merge_round_trip_report(report, both));
        const auto merged = both.percentiles();
        QCOMPARE(merged.count, std::uint64_t{100});
        QCOMPARE(merged.p50_us, first.percentiles().p50_us);
        QCOMPARE(merged.p99_us, second.percentiles().p99_us);
        QCOMPARE(merged.max_us, 100.0);
    }

    void reports_no_client_sends_are_refused_whole() {
        const auto refused = [](const proto::RoundTripReport& report) {
            LatencyHistogram histogram;
            const bool merged = merge_round_trip_report(report, histogram);
            return !merged && histogram.percentiles().count == 0 && histogram.max_ns() == 0;
        };
        proto::RoundTripReport report;
        report.add_buckets(3);
        report.add_counts(1);
        report.add_buckets(7);  // a bucket without its count
        report.set_max_ns(9);
        QVERIFY(refused(report));
        report.add_counts(0);  // a bucket with none in it
        QVERIFY(refused(report));
        report.set_counts(1, 2);
        report.set_buckets(1, 3);  // the same bucket twice
        QVERIFY(refused(report));
        report.set_buckets(1, LatencyHistogram::kBuckets);  // past the last bucket
        QVERIFY(refused(report));
        report.set_buckets(1, LatencyHistogram::kBuckets - 1);  // longer than the max, 9 ns
        QVERIFY(refused(report));
        report.set_max_ns(std::numeric_limits<std::uint64_t>::max());
        report.set_counts(0, (std::uint64_t{1} << 32) + 1);  // more than a second of calls
        QVERIFY(refused(report));
        report.set_counts(0, std::uint64_t{1} << 32);
        LatencyHistogram histogram;
        QVERIFY(merge_round_trip_report(report, histogram));
        QCOMPARE(histogram.percentiles().count, (std::uint64_t{1} << 32) + 2);
        QCOMPARE(histogram.max_ns(), std::numeric_limits<std::uint64_t>::max());
    }

    void the_largest_report_a_client_can_send_fits_the_service_bound() {
        proto::RoundTripReport report;
        for (std::uint32_t bucket = 0; bucket < LatencyHistogram::kBuckets; ++bucket) {
            report.add_buckets(bucket);
            report.add_counts(std::uint64_t{1} << 32);
        }
        report.set_max_ns(std::numeric_limits<std::uint64_t>::max());
        QVERIFY(report.ByteSizeLong() <= lapce_ai::ipc::kMaxRoundTripReportBytes);
        LatencyHistogram histogram;
        QVERIFY(merge_round_trip_report(report, histogram));
    }

    void percentiles_never_exceed_the_longest_duration() {
        LatencyHistogram histogram;
        // 900 ns falls in the bucket 896-1023 ns, whose midpoint is 960 ns.
        histogram.record(900ns);
        QCOMPARE(histogram.percentiles().p50_us, 0.9);
        QCOMPARE(histogram.percentiles().p999_us, 0.9);
        histogram.record(1000ns);
        QCOMPARE(histogram.percentiles().p50_us, 0.96);
        QCOMPARE(histogram.percentiles().p99_us, 0.96);
    }
};

QTEST_GUILESS_MAIN(LatencyHistogramTest)
#include "test_latency_histogram.moc"
