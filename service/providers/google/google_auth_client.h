#pragma once

// GoogleAuth (google-auth-library 9.15.1) as the Vertex handlers use it with the cloud-platform
// scope: the credentials come from the settings' JSON (`credentials`), a key file (`keyFile`), or
// Application Default Credentials (GOOGLE_APPLICATION_CREDENTIALS, then gcloud's well-known file).
// Service-account keys are exchanged for an access token at kGoogleTokenUrl (gtoken over gaxios:
// form body, up to 3 retries on 408/429/5xx and 2 on connection failures, 100/500/1500 ms apart),
// and the token is reused until 5 minutes before it expires. Errors are the library's
// (GaxiosError with gtoken's "<error>: <error_description>" rewrite, fromJSON's messages).
//
// Other credential types (authorized_user, external_account, impersonation) and the Compute
// Engine metadata server are not available: they throw a ProviderError saying so.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "api_handler.h"
#include "service_account_jwt.h"

namespace lapce_ai::providers {

struct GoogleAuthOptions {
    json::OrderedJson credentials;  // the parsed key JSON; null when none was given
    std::optional<std::string> key_file;
    std::string scope{kCloudPlatformScope};
};

class GoogleAuthClient {
  public:
    GoogleAuthClient(GoogleAuthOptions options, const ProviderContext& context);

    using Headers = std::vector<std::pair<std::string, std::string>>;
    // getRequestHeaders(): {Authorization: "Bearer <token>", x-goog-user-project?}.
    Task<Headers> request_headers();

  private:
    void load_credentials();
    Task<GoogleAccessToken> request_token();
    bool token_usable() const;

    GoogleAuthOptions options_;
    const ProviderContext& context_;
    std::optional<ServiceAccountCredentials> credentials_;
    std::optional<std::string> quota_project_id_;
    std::optional<GoogleAccessToken> token_;
};

// The JSON of a key file as GoogleAuth reads it (fs.readFile + JSON.parse), with Node's messages.
json::OrderedJson read_google_key_file(const std::string& path);

}  // namespace lapce_ai::providers
