#include <QtTest>

#include "handler_registry.h"

using namespace lapce_ai::ipc;

class HandlerRegistryTest : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void finds_registered_handlers_only() {
        HandlerRegistry registry;
        QVERIFY(registry.add(proto::PING, Execution::Inline, [](RequestContext&) {}));
        QVERIFY(registry.find(proto::PING) != nullptr);
        QCOMPARE(registry.find(proto::PING)->execution, Execution::Inline);
        QVERIFY(registry.find(proto::METRICS_REQUEST) == nullptr);
        QVERIFY(registry.find(60000) == nullptr);
    }

    void refuses_duplicates_and_protocol_kinds() {
        HandlerRegistry registry;
        QVERIFY(registry.add(proto::PING, Execution::Inline, [](RequestContext&) {}));
        QVERIFY(!registry.add(proto::PING, Execution::Pool, [](RequestContext&) {}));
        QVERIFY(!registry.add(proto::HELLO, Execution::Inline, [](RequestContext&) {}));
        QVERIFY(!registry.add(proto::CANCEL, Execution::Inline, [](RequestContext&) {}));
        QVERIFY(!registry.add(proto::ERROR, Execution::Inline, [](RequestContext&) {}));
        QVERIFY(!registry.add(proto::KIND_UNSPECIFIED, Execution::Inline, [](RequestContext&) {}));
    }

    void is_read_only_once_frozen() {
        HandlerRegistry registry;
        registry.freeze();
        QVERIFY(registry.frozen());
        QVERIFY(!registry.add(proto::PING, Execution::Inline, [](RequestContext&) {}));
        QVERIFY(registry.find(proto::PING) == nullptr);
    }
};

QTEST_GUILESS_MAIN(HandlerRegistryTest)
#include "test_handler_registry.moc"
