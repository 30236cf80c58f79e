#pragma once

// A provider's API key in the system keychain (the Secret Service on Linux, the Keychain on
// macOS, the Credential Manager on Windows) through QtKeychain: service "lapce-ai", account = the
// provider's name ("openai"). Each call blocks until the keychain answered (at most
// kKeychainTimeout). Keys are never logged; a result's message is the keychain's explanation,
// never a value.

#include <chrono>
#include <string>
#include <string_view>

namespace lapce_ai::providers {

inline constexpr std::string_view kKeychainService = "lapce-ai";
// Longer than D-Bus's default reply timeout (25 s), so that the keychain reports first.
inline constexpr std::chrono::seconds kKeychainTimeout{30};

enum class KeyStoreError {
    None,
    NotFound,      // no key stored for the provider
    AccessDenied,  // locked keychain, or the user refused
    Unavailable,   // no keychain (no session bus, no Secret Service, no application object)
};

struct KeyStoreResult {
    KeyStoreError error = KeyStoreError::None;
    std::string message;  // why it failed; empty on success
    std::string key;      // read_stored_key's answer

    bool ok() const { return error == KeyStoreError::None; }
};

KeyStoreResult read_stored_key(std::string_view provider);
KeyStoreResult write_stored_key(std::string_view provider, std::string_view key);
KeyStoreResult delete_stored_key(std::string_view provider);

// "no key stored", "keychain access denied: …", "keychain unavailable: …".
std::string describe_key_store_error(const KeyStoreResult& result);

}  // namespace lapce_ai::providers
