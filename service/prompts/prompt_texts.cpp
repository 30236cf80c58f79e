#include "prompt_texts.h"

#include <QDirIterator>
#include <QFile>
#include <functional>
#include <mutex>
#include <string>
#include <unordered_map>

namespace lapce_ai::prompts {
namespace {

constexpr char kResourceRoot[] = ":/prompts/";

// Looked up by std::string_view without building a std::string.
struct NameHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view name) const {
        return std::hash<std::string_view>{}(name);
    }
};
template <typename T>
using ByName = std::unordered_map<std::string, T, NameHash, std::equal_to<>>;

struct TextStore {
    ByName<std::string> raw;
    ByName<PromptTemplate> templates;
};

// Reads every embedded text once. The file's final newline belongs to the file, not the text.
TextStore load_store() {
    TextStore store;
    QDirIterator it(QString::fromLatin1(kResourceRoot), QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) continue;
        std::string bytes = file.readAll().toStdString();
        const std::string file_name = path.mid(int(sizeof(kResourceRoot)) - 1).toStdString();
        if (file_name.ends_with(".txt")) {
            std::string text = bytes;
            if (text.ends_with('\n')) text.pop_back();
            const std::string name = file_name.substr(0, file_name.size() - 4);
            auto parsed = PromptTemplate::parse(text);
            if (!parsed) {
                throw TemplateError("resources/prompts/" + file_name + ": " + parsed.error());
            }
            store.templates.emplace(name, std::move(*parsed));
        }
        store.raw.emplace(file_name, std::move(bytes));
    }
    return store;
}

const TextStore& store() {
    static const TextStore instance = load_store();
    return instance;
}

}  // namespace

const PromptTemplate& prompt_text(std::string_view name) {
    const auto& templates = store().templates;
    auto it = templates.find(name);
    if (it == templates.end()) {
        throw TemplateError("no prompt text resources/prompts/" + std::string(name) + ".txt");
    }
    return it->second;
}

std::string render_prompt_text(std::string_view name, const TemplateValues& values) {
    return prompt_text(name).render(values);
}

std::string_view prompt_resource(std::string_view name) {
    const auto& raw = store().raw;
    auto it = raw.find(name);
    if (it == raw.end()) throw TemplateError("no resource resources/prompts/" + std::string(name));
    return it->second;
}

QJsonDocument prompt_json_resource(std::string_view name) {
    const std::string_view raw = prompt_resource(name);
    QJsonParseError error{};
    QJsonDocument document =
        QJsonDocument::fromJson(QByteArray(raw.data(), qsizetype(raw.size())), &error);
    if (document.isNull()) {
        throw TemplateError("resources/prompts/" + std::string(name) + ": " +
                            error.errorString().toStdString());
    }
    return document;
}

}  // namespace lapce_ai::prompts
