#include "provider_error.h"

namespace lapce_ai::providers {

using json::OrderedJson;

ProviderError::ProviderError(std::string name, std::string message)
    : name_(std::move(name)), message_(std::move(message)) {}

OrderedJson ProviderError::to_json() const {
    OrderedJson object = OrderedJson::object({});
    object.set("name", OrderedJson::string(name_));
    object.set("message", OrderedJson::string(message_));
    if (status) object.set("status", OrderedJson::number(*status));
    if (status_code) object.set("status_code", OrderedJson::number(*status_code));
    if (!code.is_null()) object.set("code", code);
    if (!cause.is_null()) object.set("cause", cause);
    if (extra.is_object()) {
        for (const json::OrderedJsonMember& member : extra.members())
            object.set(member.key, member.value);
    }
    return object;
}

}  // namespace lapce_ai::providers
