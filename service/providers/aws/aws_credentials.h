#pragma once

// The credentials the Bedrock handler signs with (bedrock.ts L230-258): an API key sent as a
// bearer token, a named profile of the shared config/credentials files (fromIni), static keys
// from the settings, or — none of these set — the SDK's default provider chain.
//
// Supported: static keys in the settings, AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY /
// AWS_SESSION_TOKEN, and profiles holding aws_access_key_id / aws_secret_access_key
// (/ aws_session_token). Not supported (the SDK would run them; here they end in a
// CredentialsProviderError): assume-role profiles (role_arn), web identity, credential_process,
// SSO profiles, container/instance metadata (IMDS).

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "provider_settings.h"

namespace lapce_ai::providers {

struct AwsCredentials {
    std::string access_key_id;
    std::string secret_access_key;
    std::optional<std::string> session_token;
};

// How bedrock.ts configures the client, in its order of precedence.
struct BedrockAuth {
    enum class Kind { ApiKey, Profile, StaticKeys, DefaultChain };
    Kind kind = Kind::DefaultChain;
    std::string api_key;         // Kind::ApiKey: `Authorization: Bearer <key>`
    std::string profile;         // Kind::Profile
    AwsCredentials credentials;  // Kind::StaticKeys
};
BedrockAuth bedrock_auth_from_settings(const ProviderSettings& settings);

// Where the credential providers look: environment variables and the home directory.
struct AwsEnvironment {
    std::function<std::optional<std::string>(const std::string&)> getenv;
    std::function<std::string()> home_dir;  // os.homedir(), used when HOME & co. are unset

    static AwsEnvironment process();
};

// One parsed ini file: section → key → value, in file order (parseIni of
// @smithy/shared-ini-file-loader). A config file's "[profile x]" is section "x".
struct IniSection {
    std::string name;
    std::vector<std::pair<std::string, std::string>> values;
    const std::string* find(std::string_view key) const;
};
using IniProfiles = std::vector<IniSection>;

IniProfiles parse_ini(std::string_view text);              // throws on "[__proto__]" like the SDK
IniProfiles parse_known_files(const AwsEnvironment& env);  // config merged with credentials
std::string get_home_dir(const AwsEnvironment& env);

// The SDK's providers. Each throws ProviderError named "CredentialsProviderError".
AwsCredentials from_env(const AwsEnvironment& env);
AwsCredentials from_ini(const std::optional<std::string>& profile, const AwsEnvironment& env);
AwsCredentials default_provider(const AwsEnvironment& env);

// The credentials for a SigV4 signature (Kind::ApiKey has none: throws std::logic_error).
AwsCredentials resolve_aws_credentials(const BedrockAuth& auth, const AwsEnvironment& env);

}  // namespace lapce_ai::providers
