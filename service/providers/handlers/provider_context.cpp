#include <QDir>
#include <QUuid>

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <vector>

#include "api_handler.h"

namespace lapce_ai::providers {

std::string ProviderContext::new_uuid() const {
    if (random_uuid) return random_uuid();
    return QUuid::createUuid().toString(QUuid::WithoutBraces).toStdString();
}

std::optional<std::string> ProviderContext::env(std::string_view name) const {
    if (environment) return environment(name);
    const char* value = std::getenv(std::string(name).c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
}

std::string ProviderContext::home_dir() const {
    if (std::optional<std::string> home = env("HOME"); home && !home->empty()) return *home;
    // libuv falls back to the password database, not to the (empty) variable.
    passwd entry{};
    passwd* found = nullptr;
    std::vector<char> buffer(16384);
    if (getpwuid_r(getuid(), &entry, buffer.data(), buffer.size(), &found) == 0 &&
        found != nullptr && entry.pw_dir != nullptr)
        return entry.pw_dir;
    return QDir::homePath().toStdString();
}

}  // namespace lapce_ai::providers
