// What the prompts read from this machine: the shell (allow-listed, as getShell), os-name's
// name, os.type(), home and the UI language.

#include <QDir>
#include <QRegularExpression>
#include <QSysInfo>
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

    void the_login_shell_comes_first_then_the_environment_then_the_platform_default() {
        // getShellFromUserInfo, then getShellFromEnv (SHELL || platform default), allow-listed.
        QCOMPARE(choose_shell("/usr/bin/fish", "/bin/zsh"), std::string("/usr/bin/fish"));
        QCOMPARE(choose_shell("", "/bin/zsh"), std::string("/bin/zsh"));
#if defined(Q_OS_LINUX)
        QCOMPARE(choose_shell("", ""), std::string("/bin/bash"));
#elif defined(Q_OS_MACOS)
        QCOMPARE(choose_shell("", ""), std::string("/bin/zsh"));
#endif
    }

    void a_shell_outside_the_allowlist_becomes_the_safe_fallback() {
#if defined(Q_OS_WIN)
        QSKIP("POSIX shells only");
#else
#if defined(Q_OS_MACOS)
        const std::string fallback = "/bin/zsh";
#else
        const std::string fallback = "/bin/bash";
#endif
        // An unlisted login shell is replaced by the fallback, not by an allowed $SHELL.
        QCOMPARE(choose_shell("/tmp/not-a-shell", "/bin/zsh"), fallback);
        QCOMPARE(choose_shell("", "/usr/local/bin/evil"), fallback);
        QCOMPARE(choose_shell("/bin/zsh ", ""), fallback);
        // path.normalize before the lookup, but the shell as found is what is returned.
        QCOMPARE(choose_shell("/bin//zsh", ""), std::string("/bin//zsh"));
        QCOMPARE(choose_shell("/usr/local/../bin/zsh", ""), std::string("/usr/local/../bin/zsh"));
        // path.normalize keeps a trailing separator, so "/bin/zsh/" is not "/bin/zsh".
        QCOMPARE(choose_shell("/bin/zsh/", ""), fallback);
#endif
    }

    void os_name_keeps_the_leading_major_minor_of_a_linux_release() {
        // release.replace(/^(\d+\.\d+).*/, '$1'), then 'Linux' + (id ? ' ' + id : '').
        QCOMPARE(linux_os_name("6.8.0-1017-azure"), std::string("Linux 6.8"));
        QCOMPARE(linux_os_name("5.15.167.4-microsoft-standard-WSL2"), std::string("Linux 5.15"));
        QCOMPARE(linux_os_name("6.10rc1"), std::string("Linux 6.10"));
        QCOMPARE(linux_os_name(""), std::string("Linux"));
        // No leading major.minor: the release is kept whole.
        QCOMPARE(linux_os_name("6"), std::string("Linux 6"));
        QCOMPARE(linux_os_name("6.x"), std::string("Linux 6.x"));
        QCOMPARE(linux_os_name("v6.1"), std::string("Linux v6.1"));
    }

    void the_identity_profiles_are_the_ones_shipped_in_resources() {
        QCOMPARE(identity_profile_ids(), (std::vector<std::string>{"roo", "kilo"}));
        const IdentityProfile* kilo = find_identity_profile("kilo");
        QVERIFY(kilo != nullptr);
        QCOMPARE(kilo->assistant_name, std::string("Kilo Code"));
        QCOMPARE(kilo->config_dir, std::string(".kilocode"));
        QCOMPARE(kilo->legacy_rule_files,
                 (std::vector<std::string>{".kilocoderules", ".roorules", ".clinerules"}));
        QCOMPARE(default_identity_profile().assistant_name, std::string("Roo"));
        QVERIFY(find_identity_profile("cline") == nullptr);
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
