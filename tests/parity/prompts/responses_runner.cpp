// Runner for golden/prompts/responses: formatResponse.* and formatReminderSection.

#include <QJsonArray>
#include <QRegularExpression>
#include <stdexcept>

#include "environment/reminder.h"
#include "prompt_case_runner.h"
#include "responses/format_response.h"
#include "responses/format_response_call.h"

namespace lapce_ai::parity {
namespace {

using namespace prompts;

// The cases describe their controllers as one JavaScript predicate on the path, e.g.
// "validateAccess(p) = !p.includes('/secrets')".
struct PathPredicate {
    bool negated = false;
    QString method;
    QString argument;

    static PathPredicate parse(const QString& description) {
        static const QRegularExpression pattern(
            QStringLiteral(R"(= (!?)p\.(includes|endsWith|startsWith)\('([^']*)'\)$)"));
        const auto match = pattern.match(description);
        if (!match.hasMatch())
            throw std::runtime_error("unsupported controller: " + description.toStdString());
        return {match.captured(1) == QLatin1String("!"), match.captured(2), match.captured(3)};
    }

    bool operator()(std::string_view path) const {
        const QString p = QString::fromUtf8(path.data(), qsizetype(path.size()));
        bool result = false;
        if (method == QLatin1String("includes"))
            result = p.contains(argument);
        else if (method == QLatin1String("endsWith"))
            result = p.endsWith(argument);
        else
            result = p.startsWith(argument);
        return negated ? !result : result;
    }
};

class PredicateIgnore : public RooIgnoreAccess {
  public:
    explicit PredicateIgnore(PathPredicate predicate) : predicate_(std::move(predicate)) {}
    bool validate_access(std::string_view path) const override { return predicate_(path); }

  private:
    PathPredicate predicate_;
};

class PredicateProtection : public WriteProtection {
  public:
    explicit PredicateProtection(PathPredicate predicate) : predicate_(std::move(predicate)) {}
    bool is_write_protected(std::string_view path) const override { return predicate_(path); }

  private:
    PathPredicate predicate_;
};

std::string run_format_files_list(const QJsonObject& args) {
    std::optional<PredicateIgnore> ignore;
    std::optional<PredicateProtection> protection;
    if (args.value(QStringLiteral("rooIgnoreController")).isString())
        ignore.emplace(
            PathPredicate::parse(args.value(QStringLiteral("rooIgnoreController")).toString()));
    if (args.value(QStringLiteral("rooProtectedController")).isString())
        protection.emplace(
            PathPredicate::parse(args.value(QStringLiteral("rooProtectedController")).toString()));
    return format_response::format_files_list(
        text_of(args.value(QStringLiteral("absolutePath"))),
        strings_of(args.value(QStringLiteral("files"))),
        args.value(QStringLiteral("didHitLimit")).toBool(), ignore ? &*ignore : nullptr,
        args.value(QStringLiteral("showRooIgnoredFiles")).toBool(),
        protection ? &*protection : nullptr);
}

std::optional<std::vector<TodoItem>> todo_list(const QJsonValue& value) {
    if (!value.isArray()) return std::nullopt;
    std::vector<TodoItem> items;
    for (const QJsonValue& item : value.toArray()) {
        const QJsonObject object = item.toObject();
        items.push_back({text_of(object.value(QStringLiteral("id"))),
                         text_of(object.value(QStringLiteral("content"))),
                         text_of(object.value(QStringLiteral("status")))});
    }
    return items;
}

std::string run(const GoldenCase& golden_case, const VirtualFilesystem&,
                const prompts::PromptEnvironment&) {
    const QString function = golden_case.json.value(QStringLiteral("function")).toString();
    const QJsonObject args = golden_case.args();
    auto arg = [&](const char* name) { return args.value(QString::fromLatin1(name)); };
    auto is = [&](const char* prefix) { return function.startsWith(QString::fromLatin1(prefix)); };

    if (is("formatReminderSection")) return format_reminder_section(todo_list(arg("todoList")));
    if (is("formatFilesList")) return run_format_files_list(args);
    // formatResponse.<name>(...): through the call the service answers FormatResponse with.
    static const QRegularExpression call(QStringLiteral("^formatResponse\\.(\\w+)\\("));
    if (const auto match = call.match(function); match.hasMatch()) {
        auto result = call_format_response(match.captured(1).toStdString(), args);
        if (!result) throw std::runtime_error(result.error());
        if (result->content_json) throw std::runtime_error("the call returned content blocks");
        return std::move(result->text);
    }
    throw std::runtime_error("no responses function for " + function.toStdString());
}

const bool registered = register_prompt_case_runner("responses", "", &run);

}  // namespace
}  // namespace lapce_ai::parity
