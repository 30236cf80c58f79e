// Bedrock's credential options and the SDK's env / shared-file (fromIni) providers, with the
// environment and home directory injected and the files in a temporary directory.

#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <map>

#include "aws_credentials.h"
#include "provider_error.h"

using namespace lapce_ai::providers;
using lapce_ai::json::OrderedJson;

namespace {

AwsEnvironment fake_environment(std::map<std::string, std::string> variables,
                                std::string home = "/nonexistent-home") {
    return AwsEnvironment{[variables](const std::string& name) -> std::optional<std::string> {
                              const auto it = variables.find(name);
                              if (it == variables.end()) return std::nullopt;
                              return it->second;
                          },
                          [home] { return home; }};
}

void write_file(const QString& path, const char* text) {
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(text);
}

ProviderSettings settings(std::vector<lapce_ai::json::OrderedJsonMember> members) {
    return ProviderSettings(OrderedJson::object(std::move(members)));
}

std::string error_of(const std::function<void()>& call) {
    try {
        call();
    } catch (const ProviderError& error) {
        return error.name() + ": " + error.message();
    }
    return "no error";
}

}  // namespace

class TestAwsCredentials : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void settings_choose_api_key_then_profile_then_keys_then_default_chain();
    void empty_session_token_is_left_out();
    void ini_sections_comments_and_sub_sections_parse_like_the_sdk();
    void proto_section_is_refused();
    void profile_is_read_from_credentials_and_config_files();
    void credentials_file_values_override_config_file_values();
    void file_locations_follow_environment_and_home();
    void missing_profile_reports_the_sdk_message();
    void unsupported_profile_kinds_are_named();
    void env_credentials_come_first_unless_aws_profile_is_set();
    void empty_default_chain_reports_the_sdk_message();
};

void TestAwsCredentials::settings_choose_api_key_then_profile_then_keys_then_default_chain() {
    auto all = [](bool use_api_key, bool use_profile) {
        return settings({{"awsUseApiKey", OrderedJson::boolean(use_api_key)},
                         {"awsApiKey", OrderedJson::string("KEY")},
                         {"awsUseProfile", OrderedJson::boolean(use_profile)},
                         {"awsProfile", OrderedJson::string("work")},
                         {"awsAccessKey", OrderedJson::string("AK")},
                         {"awsSecretKey", OrderedJson::string("SK")},
                         {"awsSessionToken", OrderedJson::string("TOK")}});
    };
    const BedrockAuth api_key = bedrock_auth_from_settings(all(true, true));
    QCOMPARE(api_key.kind, BedrockAuth::Kind::ApiKey);
    QCOMPARE(api_key.api_key, std::string("KEY"));
    const BedrockAuth profile = bedrock_auth_from_settings(all(false, true));
    QCOMPARE(profile.kind, BedrockAuth::Kind::Profile);
    QCOMPARE(profile.profile, std::string("work"));
    const BedrockAuth keys = bedrock_auth_from_settings(all(false, false));
    QCOMPARE(keys.kind, BedrockAuth::Kind::StaticKeys);
    QCOMPARE(keys.credentials.access_key_id, std::string("AK"));
    QCOMPARE(keys.credentials.session_token, std::optional<std::string>("TOK"));
    QCOMPARE(
        bedrock_auth_from_settings(settings({{"awsAccessKey", OrderedJson::string("AK")}})).kind,
        BedrockAuth::Kind::DefaultChain);
    QCOMPARE(bedrock_auth_from_settings(settings({{"awsUseApiKey", OrderedJson::boolean(true)},
                                                  {"awsApiKey", OrderedJson::string("")}}))
                 .kind,
             BedrockAuth::Kind::DefaultChain);
}

void TestAwsCredentials::empty_session_token_is_left_out() {
    const BedrockAuth keys =
        bedrock_auth_from_settings(settings({{"awsAccessKey", OrderedJson::string("AK")},
                                             {"awsSecretKey", OrderedJson::string("SK")},
                                             {"awsSessionToken", OrderedJson::string("")}}));
    QCOMPARE(keys.credentials.session_token, std::optional<std::string>());
}

void TestAwsCredentials::ini_sections_comments_and_sub_sections_parse_like_the_sdk() {
    const IniProfiles profiles = parse_ini(
        "# leading comment\r\n"
        "[default]\r\n"
        "aws_access_key_id = AK ; trailing comment\n"
        "aws_secret_access_key=S#K\n"
        "=ignored\n"
        "[profile dev]\n"
        "region = eu-west-1\n"
        "s3 =\n"
        "  max_concurrent_requests = 10\n"
        "after = sub\n"
        "[sso-session 'corp']\n"
        "sso_region = us-east-1\n"
        "[empty]\n"
        "[]\n"
        "lost = value\n");
    QCOMPARE(profiles.size(), std::size_t{3});
    QCOMPARE(profiles[0].name, std::string("default"));
    QCOMPARE(*profiles[0].find("aws_access_key_id"), std::string("AK"));
    QCOMPARE(*profiles[0].find("aws_secret_access_key"), std::string("S#K"));
    QCOMPARE(profiles[1].name, std::string("profile.dev"));
    QCOMPARE(*profiles[1].find("s3.max_concurrent_requests"), std::string("10"));
    QCOMPARE(*profiles[1].find("after"), std::string("sub"));
    QCOMPARE(profiles[2].name, std::string("sso-session.corp"));
}

void TestAwsCredentials::proto_section_is_refused() {
    QVERIFY_THROWS_EXCEPTION(std::runtime_error, parse_ini("[profile __proto__]\na = b\n"));
}

void TestAwsCredentials::profile_is_read_from_credentials_and_config_files() {
    QTemporaryDir home;
    QVERIFY(QDir(home.path()).mkpath(QStringLiteral(".aws")));
    write_file(home.filePath(QStringLiteral(".aws/credentials")),
               "[work]\naws_access_key_id = AKWORK\naws_secret_access_key = SKWORK\n"
               "aws_session_token = TOKWORK\n"
               "[profile notfromcredentials]\naws_access_key_id=x\naws_secret_access_key=y\n");
    write_file(home.filePath(QStringLiteral(".aws/config")),
               "[profile cfg]\naws_access_key_id = AKCFG\naws_secret_access_key = SKCFG\n"
               "[cfgplain]\naws_access_key_id = no\naws_secret_access_key = no\n");
    const AwsEnvironment env = fake_environment({{"HOME", home.path().toStdString()}});
    const AwsCredentials work = from_ini(std::string("work"), env);
    QCOMPARE(work.access_key_id, std::string("AKWORK"));
    QCOMPARE(work.secret_access_key, std::string("SKWORK"));
    QCOMPARE(work.session_token, std::optional<std::string>("TOKWORK"));
    QCOMPARE(from_ini(std::string("cfg"), env).access_key_id, std::string("AKCFG"));
    QCOMPARE(from_ini(std::string("cfg"), env).session_token, std::optional<std::string>());
    // "[profile x]" only names a profile in the config file; "[x]" there is not a profile
    QVERIFY(error_of([&] { from_ini(std::string("notfromcredentials"), env); }) != "no error");
    QVERIFY(error_of([&] { from_ini(std::string("cfgplain"), env); }) != "no error");
    BedrockAuth auth;
    auth.kind = BedrockAuth::Kind::Profile;
    auth.profile = "work";
    QCOMPARE(resolve_aws_credentials(auth, env).access_key_id, std::string("AKWORK"));
}

void TestAwsCredentials::credentials_file_values_override_config_file_values() {
    QTemporaryDir dir;
    write_file(dir.filePath(QStringLiteral("config")),
               "[default]\naws_access_key_id = FROMCONFIG\naws_secret_access_key = SKCONFIG\n");
    write_file(dir.filePath(QStringLiteral("credentials")),
               "[default]\naws_access_key_id = FROMCREDENTIALS\n");
    const AwsEnvironment env =
        fake_environment({{"AWS_CONFIG_FILE", dir.filePath(QStringLiteral("config")).toStdString()},
                          {"AWS_SHARED_CREDENTIALS_FILE",
                           dir.filePath(QStringLiteral("credentials")).toStdString()}});
    const AwsCredentials credentials = from_ini(std::nullopt, env);
    QCOMPARE(credentials.access_key_id, std::string("FROMCREDENTIALS"));
    QCOMPARE(credentials.secret_access_key, std::string("SKCONFIG"));
}

void TestAwsCredentials::file_locations_follow_environment_and_home() {
    QTemporaryDir home;
    QVERIFY(QDir(home.path()).mkpath(QStringLiteral("elsewhere")));
    write_file(home.filePath(QStringLiteral("elsewhere/creds")),
               "[p]\naws_access_key_id = TILDE\naws_secret_access_key = S\n");
    const AwsEnvironment env =
        fake_environment({{"AWS_SHARED_CREDENTIALS_FILE", "~/elsewhere/creds"},
                          {"USERPROFILE", home.path().toStdString()}});
    QCOMPARE(get_home_dir(env), home.path().toStdString());
    QCOMPARE(from_ini(std::string("p"), env).access_key_id, std::string("TILDE"));
    QCOMPARE(get_home_dir(fake_environment({}, "/fallback")), std::string("/fallback"));
    QCOMPARE(get_home_dir(fake_environment({{"HOMEPATH", "\\Users\\x"}, {"HOMEDRIVE", "D:"}})),
             std::string("D:\\Users\\x"));
}

void TestAwsCredentials::missing_profile_reports_the_sdk_message() {
    QTemporaryDir home;
    const AwsEnvironment env = fake_environment({{"HOME", home.path().toStdString()}});
    QCOMPARE(error_of([&] { from_ini(std::string("nope"), env); }),
             std::string("CredentialsProviderError: Could not resolve credentials using profile: "
                         "[nope] in configuration/credentials file(s)."));
}

void TestAwsCredentials::unsupported_profile_kinds_are_named() {
    QTemporaryDir dir;
    write_file(dir.filePath(QStringLiteral("config")),
               "[profile role]\nrole_arn = arn:aws:iam::1:role/x\nsource_profile = default\n"
               "[profile sso]\nsso_session = corp\n"
               "[profile proc]\ncredential_process = /bin/true\n");
    const AwsEnvironment env =
        fake_environment({{"AWS_CONFIG_FILE", dir.filePath(QStringLiteral("config")).toStdString()},
                          {"HOME", dir.path().toStdString()}});
    QVERIFY(error_of([&] { from_ini(std::string("role"), env); }).find("role_arn") !=
            std::string::npos);
    QVERIFY(error_of([&] { from_ini(std::string("sso"), env); }).find("SSO") != std::string::npos);
    QVERIFY(error_of([&] { from_ini(std::string("proc"), env); }).find("credential_process") !=
            std::string::npos);
}

void TestAwsCredentials::env_credentials_come_first_unless_aws_profile_is_set() {
    QTemporaryDir dir;
    write_file(dir.filePath(QStringLiteral("credentials")),
               "[named]\naws_access_key_id = NAMED\naws_secret_access_key = S\n");
    std::map<std::string, std::string> variables = {
        {"AWS_ACCESS_KEY_ID", "ENVKEY"},
        {"AWS_SECRET_ACCESS_KEY", "ENVSECRET"},
        {"AWS_SESSION_TOKEN", ""},
        {"AWS_SHARED_CREDENTIALS_FILE", dir.filePath(QStringLiteral("credentials")).toStdString()},
        {"HOME", dir.path().toStdString()}};
    const AwsCredentials from_environment = default_provider(fake_environment(variables));
    QCOMPARE(from_environment.access_key_id, std::string("ENVKEY"));
    QCOMPARE(from_environment.session_token, std::optional<std::string>());
    variables["AWS_PROFILE"] = "named";
    QCOMPARE(default_provider(fake_environment(variables)).access_key_id, std::string("NAMED"));
    QCOMPARE(resolve_aws_credentials(BedrockAuth{}, fake_environment(variables)).access_key_id,
             std::string("NAMED"));
}

void TestAwsCredentials::empty_default_chain_reports_the_sdk_message() {
    QTemporaryDir home;
    const AwsEnvironment env = fake_environment({{"HOME", home.path().toStdString()}});
    QCOMPARE(error_of([&] { from_env(env); }),
             std::string("CredentialsProviderError: Unable to find environment variable "
                         "credentials."));
    QCOMPARE(
        error_of([&] { default_provider(env); }),
        std::string("CredentialsProviderError: Could not load credentials from any providers"));
}

QTEST_GUILESS_MAIN(TestAwsCredentials)
#include "test_aws_credentials.moc"
