// Runner for golden/prompts/responses: formatResponse.* and formatReminderSection.

#include <QJsonArray>
#include <QRegularExpression>
#include <stdexcept>

#include "environment/reminder.h"
#include "prompt_case_runner.h"
#include "responses/format_response.h"

namespace lapce_ai::parity {
namespace {

using namespace prompts;

std::string text(const QJsonValue& value) {
    return value.toString().toStdString();
}

std::vector<std::string> strings(const QJsonValue& value) {
    std::vector<std::string> result;
    for (const QJsonValue& item : value.toArray()) result.push_back(text(item));
    return result;
}

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
        text(args.value(QStringLiteral("absolutePath"))),
        strings(args.value(QStringLiteral("files"))),
        args.value(QStringLiteral("didHitLimit")).toBool(), ignore ? &*ignore : nullptr,
        args.value(QStringLiteral("showRooIgnoredFiles")).toBool(),
        protection ? &*protection : nullptr);
}

std::optional<std::vector<TodoItem>> todo_list(const QJsonValue& value) {
    if (!value.isArray()) return std::nullopt;
    std::vector<TodoItem> items;
    for (const QJsonValue& item : value.toArray()) {
        const QJsonObject object = item.toObject();
        items.push_back({text(object.value(QStringLiteral("id"))),
                         text(object.value(QStringLiteral("content"))),
                         text(object.value(QStringLiteral("status")))});
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
    if (is("formatResponse.toolDeniedWithFeedback"))
        return format_response::tool_denied_with_feedback(optional_string(arg("feedback")));
    if (is("formatResponse.toolDenied")) return format_response::tool_denied();
    if (is("formatResponse.toolApprovedWithFeedback"))
        return format_response::tool_approved_with_feedback(optional_string(arg("feedback")));
    if (is("formatResponse.toolError"))
        return format_response::tool_error(optional_string(arg("error")));
    if (is("formatResponse.rooIgnoreError"))
        return format_response::roo_ignore_error(text(arg("path")));
    if (is("formatResponse.noToolsUsed")) return format_response::no_tools_used();
    if (is("formatResponse.tooManyMistakes"))
        return format_response::too_many_mistakes(optional_string(arg("feedback")));
    if (is("formatResponse.missingToolParameterError"))
        return format_response::missing_tool_parameter_error(text(arg("paramName")));
    if (is("formatResponse.lineCountTruncationError")) {
        return format_response::line_count_truncation_error(arg("actualLineCount").toInteger(),
                                                            arg("isNewFile").toBool(),
                                                            arg("diffStrategyEnabled").toBool());
    }
    if (is("formatResponse.invalidMcpToolArgumentError"))
        return format_response::invalid_mcp_tool_argument_error(text(arg("serverName")),
                                                                text(arg("toolName")));
    if (is("formatResponse.unknownMcpToolError"))
        return format_response::unknown_mcp_tool_error(
            text(arg("serverName")), text(arg("toolName")), strings(arg("availableTools")));
    if (is("formatResponse.unknownMcpServerError"))
        return format_response::unknown_mcp_server_error(text(arg("serverName")),
                                                         strings(arg("availableServers")));
    if (is("formatResponse.toolResult")) {
        const auto result = format_response::tool_result(text(arg("text")));
        if (!std::holds_alternative<std::string>(result))
            throw std::runtime_error("toolResult returned blocks");
        return std::get<std::string>(result);
    }
    if (is("formatResponse.createPrettyPatch")) {
        const auto filename = optional_string(arg("filename"));
        return format_response::create_pretty_patch(filename.value_or("file"),
                                                    optional_string(arg("oldStr")),
                                                    optional_string(arg("newStr")));
    }
    throw std::runtime_error("no responses function for " + function.toStdString());
}

const bool registered = register_prompt_case_runner("responses", "", &run);

}  // namespace
}  // namespace lapce_ai::parity
