// The key store's answers that need no keychain: what each failure reads like in
// `lapce-ai key` (describe_key_store_error), and that a process without an application object
// (no thread for QtKeychain's jobs) gets "keychain unavailable" for every call instead of a hang.
// The round trip against a real Secret Service is tests/integration/test_keychain_service.cpp.

#include <QCoreApplication>
#include <QTest>

#include <string>

#include "key_store.h"

using namespace lapce_ai::providers;

class TestKeyStore : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void each_failure_kind_has_its_own_wording() {
        QCOMPARE(describe_key_store_error(KeyStoreResult{}), std::string());
        QCOMPARE(describe_key_store_error({KeyStoreError::NotFound, "Entry not found", {}}),
                 std::string("no key stored"));
        QCOMPARE(
            describe_key_store_error({KeyStoreError::AccessDenied, "Collection is locked", {}}),
            std::string("keychain access denied: Collection is locked"));
        QCOMPARE(describe_key_store_error({KeyStoreError::Unavailable, "No keychain service", {}}),
                 std::string("keychain unavailable: No keychain service"));
    }

    void without_an_application_object_every_call_is_unavailable() {
        QVERIFY(QCoreApplication::instance() == nullptr);
        for (const KeyStoreResult& result :
             {read_stored_key("openai"), write_stored_key("openai", "sk-test"),
              delete_stored_key("openai")}) {
            QVERIFY(!result.ok());
            QCOMPARE(result.error, KeyStoreError::Unavailable);
            QVERIFY(result.key.empty());
            QCOMPARE(describe_key_store_error(result),
                     std::string("keychain unavailable: no application object"));
        }
    }
};

QTEST_APPLESS_MAIN(TestKeyStore)
#include "test_key_store.moc"
