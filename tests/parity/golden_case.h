#pragma once

// Golden cases produced by the TypeScript reference (../shared/golden, see its READMEs): discovery,
// virtual-path mapping and byte comparison, shared by the parity suites.

#include <QByteArray>
#include <QJsonObject>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace lapce_ai::parity {

// LAPCE_AI_GOLDEN_DIR, else ../shared/golden beside the source tree; empty when absent.
QString golden_dir();

struct GoldenCase {
    QString id;
    QString category;  // the folder the case lives in
    QString root;      // the suite's golden folder, e.g. <golden>/prompts
    QJsonObject json;  // the whole <id>.json
    QByteArray expected;

    QJsonObject args() const { return json.value(QStringLiteral("args")).toObject(); }
    QJsonObject environment() const { return json.value(QStringLiteral("environment")).toObject(); }
};

// Every <id>.json with a sibling <id>.txt in the sub-folders of `root`, sorted by category and id.
std::vector<GoldenCase> discover_golden_cases(const QString& root);

// Renames applied to every path component of a fixture copy (and to symlink targets).
using FixtureRename = std::string (*)(const std::string& name);

// The case's virtual paths ("/test/path", "/home/user") mapped to copies of their fixture
// folders in a temporary directory. A fixture that does not exist becomes an empty folder.
// The golden copies store each relative symlink as a small file holding the link's target
// (a relative path, no newline, naming an entry of the same fixture); the copy makes those
// symlinks again.
class VirtualFilesystem {
  public:
    explicit VirtualFilesystem(const GoldenCase& golden_case, FixtureRename rename = nullptr);

    // The real path for a virtual one (unchanged when no mapping applies).
    QString real_path(const QString& virtual_path) const;
    std::string real_path(const std::string& virtual_path) const;
    // `text` with every real fixture path replaced by its virtual path.
    std::string to_virtual(std::string text) const;

  private:
    std::vector<std::pair<QString, QString>> mappings_;  // virtual, real (canonical)
    QTemporaryDir copies_;
};

// "line N: expected «…» actual «…»" for the first differing line; empty when equal.
QString first_difference(const QByteArray& expected, const QByteArray& actual);

// Cases allowed to fail while their issue is open: "<case id> <reason>" per line, '#' comments.
std::map<QString, QString> load_known_failures(const QString& path);

// The results of one suite against its known failures: a failure not listed, or a listed case
// that passes, is unexpected.
class ParityTally {
  public:
    ParityTally(QString suite, const QString& known_failures_file);
    // `failure` empty: the case passed. `known_as`: the name in the known-failures list.
    void record(const QString& name, const QString& known_as, const QString& failure);
    int total() const { return total_; }
    // Prints every unexpected result ("FAIL …"), queues the summary line for parity_test_main,
    // and returns how many results were unexpected.
    int finish();

  private:
    QString suite_;
    std::map<QString, QString> known_;
    QStringList unexpected_;
    int passed_ = 0;
    int total_ = 0;
};

// Runs a QtTest object, then prints each suite's "parity <suite>: <passed>/<total> passed" line
// last, where CI reads it.
int parity_test_main(QObject& test, int argc, char** argv);

}  // namespace lapce_ai::parity
