#include "golden_case.h"

#include <QTest>
#include <cstdio>

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QTextStream>
#include <algorithm>

#include "source_dir.h"

namespace lapce_ai::parity {

QString golden_dir() {
    QString dir = qEnvironmentVariable("LAPCE_AI_GOLDEN_DIR");
    if (dir.isEmpty()) dir = testing::source_path(QStringLiteral("../shared/golden"));
    QFileInfo info(dir);
    return info.isDir() ? info.canonicalFilePath() : QString();
}

std::vector<GoldenCase> discover_golden_cases(const QString& root) {
    std::vector<GoldenCase> cases;
    QDirIterator it(root, {QStringLiteral("*.json")}, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QFileInfo json_file(it.next());
        const QString text_path =
            json_file.dir().filePath(json_file.completeBaseName() + QStringLiteral(".txt"));
        QFile text(text_path);
        QFile json(json_file.filePath());
        if (!text.open(QIODevice::ReadOnly) || !json.open(QIODevice::ReadOnly)) continue;
        GoldenCase golden_case;
        golden_case.id = json_file.completeBaseName();
        golden_case.category = QDir(root).relativeFilePath(json_file.path());
        golden_case.root = root;
        golden_case.json = QJsonDocument::fromJson(json.readAll()).object();
        golden_case.expected = text.readAll();
        cases.push_back(std::move(golden_case));
    }
    std::sort(cases.begin(), cases.end(), [](const GoldenCase& a, const GoldenCase& b) {
        return std::tie(a.category, a.id) < std::tie(b.category, b.id);
    });
    return cases;
}

namespace {

QString renamed(const QString& name, FixtureRename rename) {
    return rename ? QString::fromStdString(rename(name.toStdString())) : name;
}

QString renamed_path(const QString& path, FixtureRename rename) {
    QStringList parts = path.split(QLatin1Char('/'));
    for (QString& part : parts) part = renamed(part, rename);
    return parts.join(QLatin1Char('/'));
}

// The target of a flattened symlink, or empty when `file` is an ordinary file.
QString flattened_link_target(const QFileInfo& file, const QString& fixture_root) {
    if (file.size() == 0 || file.size() > 512) return {};
    QFile source(file.filePath());
    if (!source.open(QIODevice::ReadOnly)) return {};
    const QString target = QString::fromUtf8(source.readAll());
    if (target.contains(QLatin1Char('\n')) || target.startsWith(QLatin1Char('/'))) return {};
    const QFileInfo resolved(file.dir().filePath(target));
    const QString root = QFileInfo(fixture_root).canonicalFilePath();
    if (!resolved.exists() || !resolved.canonicalFilePath().startsWith(root + QLatin1Char('/')))
        return {};
    return target;
}

void copy_fixture(const QString& from, const QString& to, const QString& fixture_root,
                  FixtureRename rename) {
    QDir().mkpath(to);
    const auto entries =
        QDir(from).entryInfoList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot);
    for (const QFileInfo& entry : entries) {
        const QString destination = to + QLatin1Char('/') + renamed(entry.fileName(), rename);
        if (entry.isDir()) {
            copy_fixture(entry.filePath(), destination, fixture_root, rename);
        } else if (const QString target = flattened_link_target(entry, fixture_root);
                   !target.isEmpty()) {
            QFile::link(renamed_path(target, rename), destination);
        } else {
            QFile::copy(entry.filePath(), destination);
            QFile(destination).setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        }
    }
}

}  // namespace

VirtualFilesystem::VirtualFilesystem(const GoldenCase& golden_case, FixtureRename rename) {
    const QJsonObject filesystem =
        golden_case.environment().value(QStringLiteral("filesystem")).toObject();
    int index = 0;
    for (auto it = filesystem.begin(); it != filesystem.end(); ++it) {
        if (!it.key().startsWith(QLatin1Char('/'))) continue;  // "note"
        const QString fixture = QDir(golden_case.root).filePath(it.value().toString());
        const QString copy = copies_.filePath(QString::number(index++));
        if (QFileInfo(fixture).isDir()) {
            copy_fixture(fixture, copy, fixture, rename);
        } else {
            QDir().mkpath(copy);
        }
        mappings_.emplace_back(it.key(), QFileInfo(copy).canonicalFilePath());
    }
    // Longest virtual prefix first, so nested mappings win.
    std::sort(mappings_.begin(), mappings_.end(),
              [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
}

QString VirtualFilesystem::real_path(const QString& virtual_path) const {
    for (const auto& [virtual_prefix, real] : mappings_) {
        if (virtual_path == virtual_prefix ||
            virtual_path.startsWith(virtual_prefix + QLatin1Char('/'))) {
            return real + virtual_path.mid(virtual_prefix.size());
        }
    }
    return virtual_path;
}

std::string VirtualFilesystem::real_path(const std::string& virtual_path) const {
    return real_path(QString::fromStdString(virtual_path)).toStdString();
}

std::string VirtualFilesystem::to_virtual(std::string text) const {
    auto by_real_length = mappings_;
    std::sort(by_real_length.begin(), by_real_length.end(),
              [](const auto& a, const auto& b) { return a.second.size() > b.second.size(); });
    for (const auto& [virtual_prefix, real_qstring] : by_real_length) {
        const std::string real = real_qstring.toStdString();
        const std::string replacement = virtual_prefix.toStdString();
        for (std::size_t pos = text.find(real); pos != std::string::npos;
             pos = text.find(real, pos + replacement.size())) {
            text.replace(pos, real.size(), replacement);
        }
    }
    return text;
}

QString first_difference(const QByteArray& expected, const QByteArray& actual) {
    if (expected == actual) return {};
    const QList<QByteArray> want = expected.split('\n');
    const QList<QByteArray> got = actual.split('\n');
    for (qsizetype line = 0; line < std::max(want.size(), got.size()); ++line) {
        const QByteArray a = line < want.size() ? want[line] : QByteArray("<end of text>");
        const QByteArray b = line < got.size() ? got[line] : QByteArray("<end of text>");
        if (a != b || line >= want.size() || line >= got.size()) {
            return QStringLiteral("line %1: expected «%2» actual «%3»")
                .arg(line + 1)
                .arg(QString::fromUtf8(a), QString::fromUtf8(b));
        }
    }
    return QStringLiteral("texts differ");
}

std::map<QString, QString> load_known_failures(const QString& path) {
    std::map<QString, QString> failures;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text)) return failures;
    QTextStream stream(&file);
    while (!stream.atEnd()) {
        const QString line = stream.readLine().trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#'))) continue;
        const qsizetype space = line.indexOf(QLatin1Char(' '));
        failures[line.left(space)] = space < 0 ? QString() : line.mid(space + 1).trimmed();
    }
    return failures;
}

namespace {
QStringList& summary_lines() {
    static QStringList lines;
    return lines;
}
}  // namespace

ParityTally::ParityTally(QString suite, const QString& known_failures_file)
    : suite_(std::move(suite)),
      known_(known_failures_file.isEmpty() ? std::map<QString, QString>()
                                           : load_known_failures(known_failures_file)) {}

void ParityTally::record(const QString& name, const QString& known_as, const QString& failure) {
    ++total_;
    const bool listed = known_.count(known_as) > 0;
    if (failure.isEmpty()) {
        ++passed_;
        if (listed)
            unexpected_ << name + QStringLiteral(": passes but is listed as a known failure");
    } else if (!listed) {
        unexpected_ << name + QStringLiteral(": ") + failure;
    }
}

int ParityTally::finish() {
    for (const QString& line : unexpected_) std::printf("FAIL %s\n", qPrintable(line));
    summary_lines()
        << QStringLiteral("parity %1: %2/%3 passed").arg(suite_).arg(passed_).arg(total_);
    return int(unexpected_.size());
}

int parity_test_main(QObject& test, int argc, char** argv) {
    const int status = QTest::qExec(&test, argc, argv);
    for (const QString& line : summary_lines()) std::printf("%s\n", qPrintable(line));
    return status;
}

}  // namespace lapce_ai::parity
