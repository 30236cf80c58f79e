#include <cstdio>
#include <iostream>
#include <string>

#include "cli_options.h"
#include "key_store.h"
#include "provider_setting_names.h"

namespace lapce_ai::cli {
namespace {

using providers::KeyStoreError;
using providers::KeyStoreResult;

// Exit codes: 0 done, 1 the keychain refused (or `status`: no key stored), 2 bad usage,
// 3 no keychain.
int report_key_store_error(const std::string& provider, const KeyStoreResult& result) {
    std::fprintf(stderr, "lapce-ai: %s: %s\n", provider.c_str(),
                 providers::describe_key_store_error(result).c_str());
    return result.error == KeyStoreError::Unavailable ? 3 : 1;
}

// The key, one line of standard input without its line end.
bool read_key_line(std::string& key) {
    if (!std::getline(std::cin, key)) return false;
    if (!key.empty() && key.back() == '\r') key.pop_back();
    return !key.empty();
}

}  // namespace

int run_key(const QString& action, const QString& provider_name) {
    const std::string provider = provider_name.toStdString();
    const providers::ProviderSettingNames* names = providers::provider_setting_names(provider);
    if (names == nullptr) {
        std::fprintf(stderr, "lapce-ai: unknown provider '%s'\n", provider.c_str());
        return 2;
    }
    if (names->api_key.empty()) {
        std::fprintf(stderr, "lapce-ai: the %s provider takes no API key\n", provider.c_str());
        return 2;
    }
    if (action == QStringLiteral("set")) {
        std::string key;
        if (!read_key_line(key)) {
            std::fprintf(stderr, "lapce-ai: no key on standard input (one line)\n");
            return 2;
        }
        const KeyStoreResult stored = providers::write_stored_key(provider, key);
        if (!stored.ok()) return report_key_store_error(provider, stored);
        std::printf("%s: key stored in the system keychain\n", provider.c_str());
        return 0;
    }
    if (action == QStringLiteral("delete")) {
        const KeyStoreResult deleted = providers::delete_stored_key(provider);
        if (!deleted.ok()) return report_key_store_error(provider, deleted);
        std::printf("%s: key deleted from the system keychain\n", provider.c_str());
        return 0;
    }
    if (action == QStringLiteral("status")) {
        const KeyStoreResult stored = providers::read_stored_key(provider);
        if (stored.error == KeyStoreError::NotFound) {
            std::printf("%s: no key stored\n", provider.c_str());
            return 1;
        }
        if (!stored.ok()) return report_key_store_error(provider, stored);
        std::printf("%s: a key is stored in the system keychain\n", provider.c_str());
        return 0;
    }
    std::fprintf(stderr, "lapce-ai: unknown key action '%s' (set, delete or status)\n",
                 qUtf8Printable(action));
    return 2;
}

}  // namespace lapce_ai::cli
