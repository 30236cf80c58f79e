// Rule files are found through the identity profile: its configuration folder (".roo",
// ".kilocode") and its legacy rule files, never through hard-coded names.

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include "instructions/custom_instructions.h"
#include "instructions/custom_system_prompt.h"
#include "prompt_environment.h"
#include "test_files.h"

using lapce_ai::testing::write_test_file;
using namespace lapce_ai::prompts;

namespace {

PromptEnvironment environment_for(const char* profile_id, const QString& home) {
    const IdentityProfile* profile = find_identity_profile(profile_id);
    if (!profile) qFatal("no identity profile %s", profile_id);
    PromptEnvironment environment;
    environment.home_dir = home.toStdString();
    environment.profile = *profile;
    return environment;
}

std::string instructions(const QString& cwd, const PromptEnvironment& environment,
                         const char* mode = "code") {
    auto text = add_custom_instructions("", "", cwd.toStdString(), mode, {}, environment);
    if (!text) qFatal("add_custom_instructions failed: %s", text.error().message.c_str());
    return *text;
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

}  // namespace

class TestCustomInstructionsProfile : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void init();
    void kilo_profile_reads_its_own_rule_folders_and_ignores_roo();
    void default_profile_reads_roo_and_ignores_kilocode();
    void legacy_rule_files_follow_the_profile_order();
    void global_rules_come_before_the_workspace_rules();
    void system_prompt_file_lives_in_the_profile_folder();
    void unreadable_legacy_rule_file_is_an_error();

  private:
    std::unique_ptr<QTemporaryDir> root_;
    QString workspace_;
    QString home_;
};

void TestCustomInstructionsProfile::init() {
    root_ = std::make_unique<QTemporaryDir>();
    QVERIFY(root_->isValid());
    workspace_ = root_->filePath(QStringLiteral("workspace"));
    home_ = root_->filePath(QStringLiteral("home"));
    QVERIFY(QDir().mkpath(workspace_));
    QVERIFY(QDir().mkpath(home_));
    write_test_file(workspace_ + QStringLiteral("/.kilocode/rules/kilo.md"), "kilo generic rule\n");
    write_test_file(workspace_ + QStringLiteral("/.kilocode/rules-code/kilo-code.md"),
                    "kilo code rule");
    write_test_file(workspace_ + QStringLiteral("/.roo/rules/roo.md"), "roo generic rule");
    write_test_file(workspace_ + QStringLiteral("/.roo/rules-code/roo-code.md"), "roo code rule");
}

void TestCustomInstructionsProfile::kilo_profile_reads_its_own_rule_folders_and_ignores_roo() {
    const std::string text = instructions(workspace_, environment_for("kilo", home_));
    const std::string folder = workspace_.toStdString() + "/.kilocode/";
    QVERIFY(contains(text, "# Rules from rules-code directories:\n\n# Rules from " + folder +
                               "rules-code/kilo-code.md:\nkilo code rule"));
    QVERIFY(contains(text, "# Rules from " + folder + "rules/kilo.md:\nkilo generic rule"));
    QVERIFY(!contains(text, "roo generic rule"));
    QVERIFY(!contains(text, "roo code rule"));
}

void TestCustomInstructionsProfile::default_profile_reads_roo_and_ignores_kilocode() {
    const std::string text = instructions(workspace_, environment_for("roo", home_));
    const std::string folder = workspace_.toStdString() + "/.roo/";
    QVERIFY(contains(text, "# Rules from " + folder + "rules-code/roo-code.md:\nroo code rule"));
    QVERIFY(contains(text, "# Rules from " + folder + "rules/roo.md:\nroo generic rule"));
    QVERIFY(!contains(text, "kilo"));
}

void TestCustomInstructionsProfile::legacy_rule_files_follow_the_profile_order() {
    QVERIFY(QDir(workspace_ + QStringLiteral("/.kilocode")).removeRecursively());
    QVERIFY(QDir(workspace_ + QStringLiteral("/.roo")).removeRecursively());
    write_test_file(workspace_ + QStringLiteral("/.kilocoderules"), "kilocoderules text");
    write_test_file(workspace_ + QStringLiteral("/.kilocoderules-code"), "kilocoderules-code text");
    write_test_file(workspace_ + QStringLiteral("/.roorules"), "roorules text");
    write_test_file(workspace_ + QStringLiteral("/.clinerules-code"), "clinerules-code text");

    const std::string kilo = instructions(workspace_, environment_for("kilo", home_));
    QVERIFY(contains(kilo,
                     "Rules:\n\n# Rules from .kilocoderules-code:\nkilocoderules-code text\n\n"
                     "# Rules from .kilocoderules:\nkilocoderules text"));
    QVERIFY(!contains(kilo, "roorules text"));

    const std::string roo = instructions(workspace_, environment_for("roo", home_));
    QVERIFY(contains(roo,
                     "Rules:\n\n# Rules from .clinerules-code:\nclinerules-code text\n\n"
                     "# Rules from .roorules:\nroorules text"));
    QVERIFY(!contains(roo, "kilocoderules"));

    // A blank legacy file does not count: the next one in the profile's order is used.
    write_test_file(workspace_ + QStringLiteral("/.kilocoderules"), " \n\t\n");
    QVERIFY(contains(instructions(workspace_, environment_for("kilo", home_)),
                     "# Rules from .roorules:\nroorules text"));
}

void TestCustomInstructionsProfile::global_rules_come_before_the_workspace_rules() {
    write_test_file(home_ + QStringLiteral("/.kilocode/rules/global.md"), "global kilo rule");
    write_test_file(home_ + QStringLiteral("/.roo/rules/global.md"), "global roo rule");
    const std::string text = instructions(workspace_, environment_for("kilo", home_));
    const auto global = text.find("# Rules from " + home_.toStdString() +
                                  "/.kilocode/rules/global.md:\nglobal kilo rule");
    const auto local = text.find("kilo generic rule");
    QVERIFY(global != std::string::npos);
    QVERIFY(local != std::string::npos);
    QVERIFY(global < local);
    QVERIFY(!contains(text, "global roo rule"));
}

void TestCustomInstructionsProfile::system_prompt_file_lives_in_the_profile_folder() {
    const PromptEnvironment kilo = environment_for("kilo", home_);
    const PromptEnvironment roo = environment_for("roo", home_);
    QCOMPARE(get_system_prompt_file_path("/w/p/", "code", kilo),
             std::string("/w/p/.kilocode/system-prompt-code"));
    QCOMPARE(get_system_prompt_file_path("/w/p", "ask", roo),
             std::string("/w/p/.roo/system-prompt-ask"));

    write_test_file(workspace_ + QStringLiteral("/.kilocode/system-prompt-code"),
                    "\n  Kilo prompt for {{mode}} in {{workspace}} {{shell}}  \n");
    PromptVariables variables;
    variables.mode = "code";
    variables.workspace = "/ws";
    auto text = load_system_prompt_file(workspace_.toStdString(), "code", variables, kilo);
    QVERIFY(text);
    QCOMPARE(*text, std::string("Kilo prompt for code in /ws {{shell}}"));
    auto missing = load_system_prompt_file(workspace_.toStdString(), "code", variables, roo);
    QVERIFY(missing);
    QCOMPARE(*missing, std::string());
}

void TestCustomInstructionsProfile::unreadable_legacy_rule_file_is_an_error() {
    // The workspace path names a file, so <cwd>/.roorules-code fails with ENOTDIR, which the
    // reference rethrows (only ENOENT and EISDIR read as "no file").
    const QString file = root_->filePath(QStringLiteral("not-a-folder"));
    write_test_file(file, "x");
    auto text = add_custom_instructions("", "", file.toStdString(), "code", {},
                                        environment_for("roo", home_));
    QVERIFY(!text);
    QCOMPARE(text.error().path, file.toStdString() + "/.roorules-code");

    // Sub-folders of a rules folder are read too, whatever their names.
    write_test_file(workspace_ + QStringLiteral("/.roo/rules/zz-folder.md/inner.md"), "inner");
    QVERIFY(contains(instructions(workspace_, environment_for("roo", home_)),
                     "rules/zz-folder.md/inner.md:\ninner"));
}

QTEST_GUILESS_MAIN(TestCustomInstructionsProfile)
#include "test_custom_instructions_profile.moc"
