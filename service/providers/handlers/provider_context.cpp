#include <QUuid>

#include <cstdlib>

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

}  // namespace lapce_ai::providers
