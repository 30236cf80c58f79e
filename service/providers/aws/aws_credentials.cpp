#include "aws_credentials.h"

#include <QDir>
#include <QFile>
#include <QString>
#include <cstdlib>
#include <stdexcept>

#include "provider_error.h"

namespace lapce_ai::providers {

namespace {

ProviderError credentials_error(const std::string& message) {
    return ProviderError("CredentialsProviderError", message);
}

// JavaScript's \s and String.prototype.trim set.
bool is_js_space(QChar c) {
    const char16_t u = c.unicode();
    return u == 0x09 || u == 0x0A || u == 0x0B || u == 0x0C || u == 0x0D || u == 0x20 ||
           u == 0xA0 || u == 0x1680 || (u >= 0x2000 && u <= 0x200A) || u == 0x2028 || u == 0x2029 ||
           u == 0x202F || u == 0x205F || u == 0x3000 || u == 0xFEFF;
}

QString js_trim(const QString& text) {
    qsizetype begin = 0;
    qsizetype end = text.size();
    while (begin < end && is_js_space(text[begin])) ++begin;
    while (end > begin && is_js_space(text[end - 1])) --end;
    return text.mid(begin, end - begin);
}

QString js_trim_start(const QString& text) {
    qsizetype begin = 0;
    while (begin < text.size() && is_js_space(text[begin])) ++begin;
    return text.mid(begin);
}

bool is_word_char(QChar c) {
    const char16_t u = c.unicode();
    return (u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z') || (u >= u'0' && u <= u'9') ||
           u == u'_';
}

// /^([\w-]+)\s(["'])?([\w-@\+\.%:/]+)\2$/ → {prefix, name}
std::optional<std::pair<QString, QString>> match_prefixed_section(const QString& section) {
    qsizetype i = 0;
    while (i < section.size() && (is_word_char(section[i]) || section[i] == u'-')) ++i;
    if (i == 0 || i >= section.size() || !is_js_space(section[i])) return std::nullopt;
    const QString prefix = section.left(i);
    ++i;
    QChar quote;
    if (i < section.size() && (section[i] == u'"' || section[i] == u'\'')) quote = section[i++];
    const qsizetype name_begin = i;
    static const QString extra = QStringLiteral("-@+.%:/");
    while (i < section.size() && (is_word_char(section[i]) || extra.contains(section[i]))) ++i;
    if (i == name_begin) return std::nullopt;
    const QString name = section.mid(name_begin, i - name_begin);
    if (!quote.isNull()) {
        if (i >= section.size() || section[i] != quote) return std::nullopt;
        ++i;
    }
    if (i != section.size()) return std::nullopt;
    return std::pair{prefix, name};
}

bool is_ini_section_type(const QString& prefix) {
    return prefix == u"profile" || prefix == u"sso-session" || prefix == u"services";
}

IniSection* find_section(IniProfiles& profiles, const std::string& name) {
    for (auto& section : profiles) {
        if (section.name == name) return &section;
    }
    return nullptr;
}

const IniSection* find_section(const IniProfiles& profiles, const std::string& name) {
    for (const auto& section : profiles) {
        if (section.name == name) return &section;
    }
    return nullptr;
}

void set_value(IniSection& section, std::string key, std::string value) {
    for (auto& [existing, current] : section.values) {
        if (existing == key) {
            current = std::move(value);
            return;
        }
    }
    section.values.emplace_back(std::move(key), std::move(value));
}

// getConfigData: keeps "default" and the "<type>.<name>" sections, "profile.x" renamed "x".
IniProfiles get_config_data(const IniProfiles& data) {
    IniProfiles out;
    if (const IniSection* default_section = find_section(data, "default")) {
        out.push_back(*default_section);
    }
    for (const auto& section : data) {
        const auto separator = section.name.find('.');
        if (separator == std::string::npos) continue;
        const std::string prefix = section.name.substr(0, separator);
        if (!is_ini_section_type(QString::fromStdString(prefix))) continue;
        const std::string key =
            prefix == "profile" ? section.name.substr(separator + 1) : section.name;
        if (IniSection* existing = find_section(out, key)) {
            existing->values = section.values;
        } else {
            out.push_back(IniSection{key, section.values});
        }
    }
    return out;
}

// mergeConfigFiles: Object.assign of the credentials file's keys over the config file's.
IniProfiles merge_config_files(IniProfiles config, const IniProfiles& credentials) {
    for (const auto& section : credentials) {
        if (IniSection* existing = find_section(config, section.name)) {
            for (const auto& [key, value] : section.values) set_value(*existing, key, value);
        } else {
            config.push_back(section);
        }
    }
    return config;
}

std::optional<QString> slurp_file(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return std::nullopt;
    return QString::fromUtf8(file.readAll());
}

// loadSharedConfigFiles' "~/" expansion and path.join
QString resolve_path(const std::string& path, const std::string& home) {
    QString resolved = QString::fromStdString(path);
    if (resolved.startsWith(QLatin1String("~/"))) {
        resolved = QString::fromStdString(home) + u'/' + resolved.mid(2);
    }
    return resolved;
}

std::optional<std::string> truthy_env(const AwsEnvironment& env, const char* name) {
    auto value = env.getenv(name);
    if (!value || value->empty()) return std::nullopt;
    return value;
}

bool has(const IniSection* section, std::string_view key) {
    return section != nullptr && section->find(key) != nullptr;
}

// resolveProfileData of @aws-sdk/credential-provider-ini, static credentials only.
AwsCredentials resolve_profile_data(const std::string& profile_name, const IniProfiles& profiles) {
    const IniSection* data = find_section(profiles, profile_name);
    const bool assume_role =
        has(data, "role_arn") && (has(data, "source_profile") != has(data, "credential_source"));
    auto unsupported = [&](const char* what) {
        return credentials_error("Profile " + profile_name + " uses " + what +
                                 ", which is not supported: only static credentials "
                                 "(aws_access_key_id, aws_secret_access_key) can be read.");
    };
    if (assume_role) throw unsupported("an assumed role (role_arn)");
    if (has(data, "aws_access_key_id") && has(data, "aws_secret_access_key")) {
        AwsCredentials credentials{*data->find("aws_access_key_id"),
                                   *data->find("aws_secret_access_key"), std::nullopt};
        if (const std::string* token = data->find("aws_session_token")) {
            credentials.session_token = *token;
        }
        return credentials;
    }
    if (has(data, "web_identity_token_file") && has(data, "role_arn")) {
        throw unsupported("a web identity token file");
    }
    if (has(data, "credential_process")) throw unsupported("credential_process");
    if (has(data, "sso_start_url") || has(data, "sso_account_id") || has(data, "sso_session") ||
        has(data, "sso_region") || has(data, "sso_role_name")) {
        throw unsupported("SSO");
    }
    throw credentials_error("Could not resolve credentials using profile: [" + profile_name +
                            "] in configuration/credentials file(s).");
}

}  // namespace

const std::string* IniSection::find(std::string_view key) const {
    for (const auto& [value_key, value] : values) {
        if (value_key == key) return &value;
    }
    return nullptr;
}

BedrockAuth bedrock_auth_from_settings(const ProviderSettings& settings) {
    BedrockAuth auth;
    if (settings.truthy("awsUseApiKey") && settings.truthy("awsApiKey")) {
        auth.kind = BedrockAuth::Kind::ApiKey;
        auth.api_key = *settings.string("awsApiKey");
    } else if (settings.truthy("awsUseProfile") && settings.truthy("awsProfile")) {
        auth.kind = BedrockAuth::Kind::Profile;
        auth.profile = *settings.string("awsProfile");
    } else if (settings.truthy("awsAccessKey") && settings.truthy("awsSecretKey")) {
        auth.kind = BedrockAuth::Kind::StaticKeys;
        auth.credentials.access_key_id = *settings.string("awsAccessKey");
        auth.credentials.secret_access_key = *settings.string("awsSecretKey");
        if (settings.truthy("awsSessionToken")) {
            auth.credentials.session_token = settings.string("awsSessionToken");
        }
    }
    return auth;
}

AwsEnvironment AwsEnvironment::process() {
    return AwsEnvironment{[](const std::string& name) -> std::optional<std::string> {
                              if (!qEnvironmentVariableIsSet(name.c_str())) return std::nullopt;
                              return qEnvironmentVariable(name.c_str()).toStdString();
                          },
                          [] { return QDir::homePath().toStdString(); }};
}

IniProfiles parse_ini(std::string_view text) {
    IniProfiles map;
    std::optional<std::string> current_section;
    std::optional<QString> current_sub_section;
    const QString data = QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
    for (QString ini_line : data.split(u'\n')) {
        if (ini_line.endsWith(u'\r')) ini_line.chop(1);
        // .split(/(^|\s)[;#]/)[0]
        qsizetype cut = ini_line.size();
        for (qsizetype i = 0; i < ini_line.size(); ++i) {
            if ((ini_line[i] == u';' || ini_line[i] == u'#') &&
                (i == 0 || is_js_space(ini_line[i - 1]))) {
                cut = i == 0 ? 0 : i - 1;
                break;
            }
        }
        const QString trimmed_line = js_trim(ini_line.left(cut));
        const bool is_section =
            !trimmed_line.isEmpty() && trimmed_line.front() == u'[' && trimmed_line.back() == u']';
        if (is_section) {
            current_section.reset();
            current_sub_section.reset();
            const QString section_name = trimmed_line.mid(1, trimmed_line.size() - 2);
            if (auto matches = match_prefixed_section(section_name)) {
                if (is_ini_section_type(matches->first)) {
                    current_section = (matches->first + u'.' + matches->second).toStdString();
                }
            } else if (!section_name.isEmpty()) {  // "" is falsy in the reference
                current_section = section_name.toStdString();
            }
            if (section_name == u"__proto__" || section_name == u"profile __proto__") {
                throw std::runtime_error("Found invalid profile name \"" +
                                         section_name.toStdString() + "\"");
            }
        } else if (current_section) {
            const qsizetype equals = trimmed_line.indexOf(u'=');
            if (equals > 0) {
                const QString name = js_trim(trimmed_line.left(equals));
                const QString value = js_trim(trimmed_line.mid(equals + 1));
                if (value.isEmpty()) {
                    current_sub_section = name;
                } else {
                    if (current_sub_section && !current_sub_section->isEmpty() &&
                        js_trim_start(ini_line) == ini_line) {
                        current_sub_section.reset();
                    }
                    IniSection* section = find_section(map, *current_section);
                    if (section == nullptr) {
                        map.push_back(IniSection{*current_section, {}});
                        section = &map.back();
                    }
                    const QString key = current_sub_section && !current_sub_section->isEmpty()
                                            ? *current_sub_section + u'.' + name
                                            : name;
                    set_value(*section, key.toStdString(), value.toStdString());
                }
            }
        }
    }
    return map;
}

std::string get_home_dir(const AwsEnvironment& env) {
    if (auto home = truthy_env(env, "HOME")) return *home;
    if (auto profile = truthy_env(env, "USERPROFILE")) return *profile;
    if (auto home_path = truthy_env(env, "HOMEPATH")) {
        const auto drive = env.getenv("HOMEDRIVE");
        return (drive ? *drive : std::string("C:/")) + *home_path;
    }
    return env.home_dir();
}

IniProfiles parse_known_files(const AwsEnvironment& env) {
    const std::string home = get_home_dir(env);
    const std::string credentials_path =
        truthy_env(env, "AWS_SHARED_CREDENTIALS_FILE").value_or(home + "/.aws/credentials");
    const std::string config_path =
        truthy_env(env, "AWS_CONFIG_FILE").value_or(home + "/.aws/config");
    // A file that is missing or fails to parse counts as empty (swallowError).
    auto load = [&](const std::string& path) -> IniProfiles {
        const auto text = slurp_file(resolve_path(path, home));
        if (!text) return {};
        try {
            return parse_ini(text->toStdString());
        } catch (const std::runtime_error&) {
            return {};
        }
    };
    return merge_config_files(get_config_data(load(config_path)), load(credentials_path));
}

AwsCredentials from_env(const AwsEnvironment& env) {
    const auto access_key_id = truthy_env(env, "AWS_ACCESS_KEY_ID");
    const auto secret_access_key = truthy_env(env, "AWS_SECRET_ACCESS_KEY");
    if (access_key_id && secret_access_key) {
        return AwsCredentials{*access_key_id, *secret_access_key,
                              truthy_env(env, "AWS_SESSION_TOKEN")};
    }
    throw credentials_error("Unable to find environment variable credentials.");
}

AwsCredentials from_ini(const std::optional<std::string>& profile, const AwsEnvironment& env) {
    const IniProfiles profiles = parse_known_files(env);
    std::string profile_name = "default";
    if (profile && !profile->empty()) {
        profile_name = *profile;
    } else if (auto from_environment = truthy_env(env, "AWS_PROFILE")) {
        profile_name = *from_environment;
    }
    return resolve_profile_data(profile_name, profiles);
}

AwsCredentials default_provider(const AwsEnvironment& env) {
    // fromEnv (skipped when AWS_PROFILE is set), fromSSO (skipped: no SSO inputs), fromIni; the
    // process, token-file and instance-metadata links are not supported and count as failed.
    if (!truthy_env(env, "AWS_PROFILE")) {
        try {
            return from_env(env);
        } catch (const ProviderError&) {
        }
    }
    try {
        return from_ini(std::nullopt, env);
    } catch (const ProviderError&) {
    }
    throw credentials_error("Could not load credentials from any providers");
}

AwsCredentials resolve_aws_credentials(const BedrockAuth& auth, const AwsEnvironment& env) {
    switch (auth.kind) {
        case BedrockAuth::Kind::ApiKey:
            throw std::logic_error("an API key authenticates with a bearer token, not SigV4");
        case BedrockAuth::Kind::Profile:
            return from_ini(auth.profile, env);
        case BedrockAuth::Kind::StaticKeys:
            return auth.credentials;
        case BedrockAuth::Kind::DefaultChain:
            break;
    }
    return default_provider(env);
}

}  // namespace lapce_ai::providers
