#include "definition_messages.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdlib>
#include <map>
#include <string>

namespace lapce_ai::treesitter {
namespace {

std::map<std::string, std::string, std::less<>> load_messages() {
    QFile file(QStringLiteral(":/treesitter/messages.json"));
    if (!file.open(QIODevice::ReadOnly)) std::abort();
    const QJsonObject object = QJsonDocument::fromJson(file.readAll()).object();
    std::map<std::string, std::string, std::less<>> messages;
    for (auto it = object.begin(); it != object.end(); ++it) {
        messages.emplace(it.key().toStdString(), it.value().toString().toStdString());
    }
    return messages;
}

}  // namespace

std::string_view definition_message(std::string_view key) {
    static const auto messages = load_messages();
    const auto found = messages.find(key);
    if (found == messages.end()) std::abort();
    return found->second;
}

}  // namespace lapce_ai::treesitter
