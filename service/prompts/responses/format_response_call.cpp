#include "format_response_call.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <algorithm>
#include <functional>
#include <map>
#include <stdexcept>

#include "format_response.h"

namespace lapce_ai::prompts {
namespace {

namespace fr = format_response;

// Argument readers: they throw ArgumentError, turned into the call's error.
struct ArgumentError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

class Args {
  public:
    explicit Args(const QJsonObject& object) : object_(object) {}

    std::string text(const char* name) const {
        const QJsonValue value = get(name);
        if (!value.isString()) throw ArgumentError(std::string("'") + name + "' must be a string");
        return value.toString().toStdString();
    }
    std::optional<std::string> optional_text(const char* name) const {
        const QJsonValue value = get(name);
        if (value.isUndefined() || value.isNull()) return std::nullopt;
        return text(name);
    }
    bool flag(const char* name, bool fallback) const {
        const QJsonValue value = get(name);
        if (value.isUndefined() || value.isNull()) return fallback;
        if (!value.isBool())
            throw ArgumentError(std::string("'") + name + "' must be true or false");
        return value.toBool();
    }
    std::int64_t integer(const char* name) const {
        const QJsonValue value = get(name);
        if (!value.isDouble()) throw ArgumentError(std::string("'") + name + "' must be a number");
        return value.toInteger();
    }
    std::vector<std::string> texts(const char* name) const {
        const QJsonValue value = get(name);
        if (value.isUndefined() || value.isNull()) return {};
        if (!value.isArray())
            throw ArgumentError(std::string("'") + name + "' must be an array of strings");
        std::vector<std::string> result;
        for (const QJsonValue& item : value.toArray()) {
            if (!item.isString())
                throw ArgumentError(std::string("'") + name + "' must be an array of strings");
            result.push_back(item.toString().toStdString());
        }
        return result;
    }
    std::optional<std::vector<std::string>> optional_texts(const char* name) const {
        const QJsonValue value = get(name);
        if (value.isUndefined() || value.isNull()) return std::nullopt;
        return texts(name);
    }

  private:
    QJsonValue get(const char* name) const { return object_.value(QLatin1String(name)); }
    const QJsonObject& object_;
};

// The controllers of formatFilesList, answered from lists the editor sends.
class ListedIgnore : public RooIgnoreAccess {
  public:
    explicit ListedIgnore(std::vector<std::string> ignored) : ignored_(std::move(ignored)) {}
    bool validate_access(std::string_view path) const override {
        return std::find(ignored_.begin(), ignored_.end(), path) == ignored_.end();
    }

  private:
    std::vector<std::string> ignored_;
};

class ListedProtection : public WriteProtection {
  public:
    explicit ListedProtection(std::vector<std::string> protected_paths)
        : paths_(std::move(protected_paths)) {}
    bool is_write_protected(std::string_view path) const override {
        return std::find(paths_.begin(), paths_.end(), path) != paths_.end();
    }

  private:
    std::vector<std::string> paths_;
};

std::string blocks_json(const std::vector<fr::ContentBlock>& blocks) {
    QJsonArray array;
    for (const fr::ContentBlock& block : blocks) {
        if (const auto* text = std::get_if<fr::TextBlock>(&block)) {
            array.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("text")},
                                     {QStringLiteral("text"), QString::fromStdString(text->text)}});
            continue;
        }
        const auto& image = std::get<fr::ImageBlock>(block);
        QJsonObject source{
            {QStringLiteral("type"), QStringLiteral("base64")},
            {QStringLiteral("media_type"), QString::fromStdString(image.media_type)}};
        if (image.data) source.insert(QStringLiteral("data"), QString::fromStdString(*image.data));
        array.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("image")},
                                 {QStringLiteral("source"), source}});
    }
    return QJsonDocument(array).toJson(QJsonDocument::Compact).toStdString();
}

FormattedResponse text_result(std::string text) {
    return {std::move(text), std::nullopt};
}

using Call = std::function<FormattedResponse(const Args&)>;

const std::map<std::string, Call, std::less<>>& calls() {
    static const std::map<std::string, Call, std::less<>> table = {
        {"toolDenied", [](const Args&) { return text_result(fr::tool_denied()); }},
        {"toolDeniedWithFeedback",
         [](const Args& a) {
             return text_result(fr::tool_denied_with_feedback(a.optional_text("feedback")));
         }},
        {"toolApprovedWithFeedback",
         [](const Args& a) {
             return text_result(fr::tool_approved_with_feedback(a.optional_text("feedback")));
         }},
        {"toolError",
         [](const Args& a) { return text_result(fr::tool_error(a.optional_text("error"))); }},
        {"rooIgnoreError",
         [](const Args& a) { return text_result(fr::roo_ignore_error(a.text("path"))); }},
        {"noToolsUsed", [](const Args&) { return text_result(fr::no_tools_used()); }},
        {"tooManyMistakes",
         [](const Args& a) {
             return text_result(fr::too_many_mistakes(a.optional_text("feedback")));
         }},
        {"missingToolParameterError",
         [](const Args& a) {
             return text_result(fr::missing_tool_parameter_error(a.text("paramName")));
         }},
        {"lineCountTruncationError",
         [](const Args& a) {
             return text_result(fr::line_count_truncation_error(
                 a.integer("actualLineCount"), a.flag("isNewFile", false),
                 a.flag("diffStrategyEnabled", false)));
         }},
        {"invalidMcpToolArgumentError",
         [](const Args& a) {
             return text_result(
                 fr::invalid_mcp_tool_argument_error(a.text("serverName"), a.text("toolName")));
         }},
        {"unknownMcpToolError",
         [](const Args& a) {
             return text_result(fr::unknown_mcp_tool_error(a.text("serverName"), a.text("toolName"),
                                                           a.texts("availableTools")));
         }},
        {"unknownMcpServerError",
         [](const Args& a) {
             return text_result(
                 fr::unknown_mcp_server_error(a.text("serverName"), a.texts("availableServers")));
         }},
        {"toolResult",
         [](const Args& a) {
             auto result = fr::tool_result(a.text("text"), a.optional_texts("images"));
             if (auto* text = std::get_if<std::string>(&result))
                 return text_result(std::move(*text));
             return FormattedResponse{{},
                                      blocks_json(std::get<std::vector<fr::ContentBlock>>(result))};
         }},
        {"imageBlocks",
         [](const Args& a) {
             std::vector<fr::ContentBlock> blocks;
             for (auto& image : fr::image_blocks(a.optional_texts("images")))
                 blocks.emplace_back(std::move(image));
             return FormattedResponse{{}, blocks_json(blocks)};
         }},
        {"formatFilesList",
         [](const Args& a) {
             const ListedIgnore ignore(a.texts("rooIgnoredPaths"));
             const ListedProtection protection(a.texts("writeProtectedPaths"));
             return text_result(fr::format_files_list(
                 a.text("absolutePath"), a.texts("files"), a.flag("didHitLimit", false), &ignore,
                 a.flag("showRooIgnoredFiles", false), &protection));
         }},
        {"createPrettyPatch",
         [](const Args& a) {
             const std::optional<std::string> filename = a.optional_text("filename");
             return text_result(fr::create_pretty_patch(
                 filename.value_or("file"), a.optional_text("oldStr"), a.optional_text("newStr")));
         }},
    };
    return table;
}

}  // namespace

Expected<FormattedResponse, std::string> call_format_response(std::string_view name,
                                                              const QJsonObject& args) {
    const auto& table = calls();
    auto it = table.find(name);
    if (it == table.end())
        return unexpected("unknown formatResponse function '" + std::string(name) + "'");
    try {
        return it->second(Args(args));
    } catch (const std::exception& error) {
        return unexpected("formatResponse." + std::string(name) + ": " + error.what());
    }
}

}  // namespace lapce_ai::prompts
