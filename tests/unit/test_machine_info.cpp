// What the prompts read from this machine: the shell (allow-listed, as getShell), os-name's
// name, os.type(), home and the UI language.

#include <QDir>
#include <QRegularExpression>
#include <QTest>

#include "machine_info.h"
#include "prompt_environment.h"
#include "prompt_texts.h"

using namespace lapce_ai::prompts;

class TestMachineInfo : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void the_shell_is_one_the_reference_allows() {
        const QString allowlist = QString::fromUtf8(prompt_resource("shell-allowlist.txt"));
        QVERIFY(allowlist.split(QLatin1Char('\n')).contains(QString::fromStdString(get_shell())));
    }

    void an_unlisted_shell_falls_back_to_the_platform_default() {
        const QByteArray saved = qgetenv("SHELL");
        qputenv("SHELL", "/tmp/not-a-shell");
        const std::string shell = get_shell();  // the login shell comes first where there is one
        qputenv("SHELL", saved);
        QVERIFY(shell != "/tmp/not-a-shell");
    }

    void linux_names_itself_like_os_name_and_os_type() {
#if defined(Q_OS_LINUX)
        QCOMPARE(os_type(), std::string("Linux"));
        static const QRegularExpression pattern(QStringLiteral("^Linux( \\d+\\.\\d+)?$"));
        QVERIFY2(pattern.match(QString::fromStdString(os_name())).hasMatch(), os_name().c_str());
#else
        QSKIP("Linux only");
#endif
    }

    void the_current_environment_carries_home_and_a_language() {
        const PromptEnvironment environment =
            current_prompt_environment(default_identity_profile());
        QCOMPARE(environment.home_dir, QDir::homePath().toStdString());
        QVERIFY(!environment.editor_language.empty());
        QCOMPARE(environment.profile.id, std::string("roo"));
        QCOMPARE(environment.editor_shell, environment.shell);
    }
};

QTEST_GUILESS_MAIN(TestMachineInfo)
#include "test_machine_info.moc"
