#include <QtTest>

#include "latency_histogram.h"

using lapce_ai::LatencyHistogram;
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
};

QTEST_GUILESS_MAIN(LatencyHistogramTest)
#include "test_latency_histogram.moc"
