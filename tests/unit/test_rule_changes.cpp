// The rule folders and AGENTS.md are kept between prompts; every change to them, made before a
// prompt is built, shows up in that prompt.

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <filesystem>

#include "change_watcher.h"
#include "directory_cache.h"
#include "instructions/custom_instructions.h"
#include "prompt_environment.h"
#include "test_files.h"

using lapce_ai::testing::write_test_file;
using namespace lapce_ai::prompts;

namespace {

namespace fs = std::filesystem;

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

}  // namespace

class TestRuleChanges : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void init();
    void an_edited_rule_file_shows_up();
    void added_removed_and_nested_rule_files_show_up();
    void agents_md_created_edited_and_removed_shows_up();
    void rules_reached_through_a_symbolic_link_show_every_edit();

  private:
    std::string instructions() {
        const lapce_ai::ChangeWatcher::Batch batch(lapce_ai::ChangeWatcher::shared());
        auto text =
            add_custom_instructions("", "", workspace_.toStdString(), "code", {}, environment_);
        if (!text) qFatal("add_custom_instructions failed: %s", text.error().message.c_str());
        return *text;
    }

    std::unique_ptr<QTemporaryDir> root_;
    QString workspace_;
    PromptEnvironment environment_;
};

void TestRuleChanges::init() {
    root_ = std::make_unique<QTemporaryDir>();
    QVERIFY(root_->isValid());
    workspace_ = QString::fromStdString(fs::canonical(root_->path().toStdString()).string()) +
                 QStringLiteral("/workspace");
    QVERIFY(QDir().mkpath(workspace_ + QStringLiteral("/home")));
    environment_ = PromptEnvironment{};
    environment_.home_dir = (workspace_ + QStringLiteral("/home")).toStdString();
    environment_.profile = default_identity_profile();
}

void TestRuleChanges::an_edited_rule_file_shows_up() {
    const QString rule = workspace_ + QStringLiteral("/.roo/rules/style.md");
    write_test_file(rule, "tabs");
    QVERIFY(contains(instructions(), "style.md:\ntabs"));
    const auto listed = lapce_ai::DirectoryCache::shared().stats();
    QVERIFY(contains(instructions(), "style.md:\ntabs"));
    if (lapce_ai::ChangeWatcher::shared().enabled()) {
        // Kept: the unchanged rule folders were not even looked up again.
        const auto now = lapce_ai::DirectoryCache::shared().stats();
        QCOMPARE(now.hits + now.misses, listed.hits + listed.misses);
    }
    write_test_file(rule, "spaces");
    const std::string text = instructions();
    QVERIFY(contains(text, "style.md:\nspaces"));
    QVERIFY(!contains(text, "tabs"));
}

void TestRuleChanges::added_removed_and_nested_rule_files_show_up() {
    const QString folder = workspace_ + QStringLiteral("/.roo/rules-code");
    write_test_file(folder + QStringLiteral("/a.md"), "rule a");
    QVERIFY(contains(instructions(), "rule a"));
    write_test_file(folder + QStringLiteral("/deep/er/b.md"), "rule b");
    QVERIFY(contains(instructions(), "rule b"));
    write_test_file(folder + QStringLiteral("/deep/er/b.md"), "rule b2");
    QVERIFY(contains(instructions(), "rule b2"));
    QVERIFY(QFile::remove(folder + QStringLiteral("/a.md")));
    const std::string text = instructions();
    QVERIFY(!contains(text, "rule a"));
    QVERIFY(contains(text, "rule b2"));
    const QString home_rule = QString::fromStdString(environment_.home_dir) +
                              QStringLiteral("/.roo/rules-code/global.md");
    write_test_file(home_rule, "global rule");
    QVERIFY(contains(instructions(), "global rule"));
}

void TestRuleChanges::agents_md_created_edited_and_removed_shows_up() {
    const QString agents = workspace_ + QStringLiteral("/AGENTS.md");
    QVERIFY(!contains(instructions(), "AGENTS.md"));
    write_test_file(agents, "build with cmake");
    QVERIFY(contains(instructions(), "build with cmake"));
    write_test_file(agents, "build with ninja");
    QVERIFY(contains(instructions(), "build with ninja"));
    QVERIFY(QFile::remove(agents));
    write_test_file(workspace_ + QStringLiteral("/AGENT.md"), "singular");
    const std::string text = instructions();
    QVERIFY(!contains(text, "ninja"));
    QVERIFY(contains(text, "singular"));
}

void TestRuleChanges::rules_reached_through_a_symbolic_link_show_every_edit() {
    const QString shared = workspace_ + QStringLiteral("/shared-rules");
    write_test_file(shared + QStringLiteral("/team.md"), "team v1");
    QVERIFY(QDir().mkpath(workspace_ + QStringLiteral("/.roo/rules")));
    fs::create_directory_symlink(shared.toStdString(),
                                 (workspace_ + QStringLiteral("/.roo/rules/team")).toStdString());
    QVERIFY(contains(instructions(), "team v1"));
    write_test_file(shared + QStringLiteral("/team.md"), "team v2");
    QVERIFY(contains(instructions(), "team v2"));
    fs::create_symlink((shared + QStringLiteral("/team.md")).toStdString(),
                       (workspace_ + QStringLiteral("/AGENTS.md")).toStdString());
    QVERIFY(contains(instructions(), "# Agent Rules Standard (AGENTS.md):\nteam v2"));
    write_test_file(shared + QStringLiteral("/team.md"), "team v3");
    QVERIFY(contains(instructions(), "# Agent Rules Standard (AGENTS.md):\nteam v3"));
}

QTEST_GUILESS_MAIN(TestRuleChanges)
#include "test_rule_changes.moc"
