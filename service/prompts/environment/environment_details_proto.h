#pragma once

// EnvironmentDetailsInput to and from its wire form (GetEnvironmentDetailsRequest).

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "environment/environment_details.h"
#include "expected.h"
#include "lapce_ai.pb.h"
#include "prompt_environment.h"
#include "responses/file_access.h"

namespace lapce_ai::prompts {

// A RooIgnoreController that the editor answered in advance: it blocks exactly the listed paths
// (absolute, or relative to the cwd; compared after resolving against the cwd).
class ListedRooIgnore : public RooIgnoreAccess {
  public:
    ListedRooIgnore(std::string cwd, const std::vector<std::string>& ignored_paths);
    bool validate_access(std::string_view path) const override;
    const std::vector<std::string>& ignored_paths() const { return ignored_; }

  private:
    std::string resolved(std::string_view path) const;

    std::string cwd_;
    std::vector<std::string> ignored_;  // as given
    std::vector<std::string> resolved_ignored_;
};

// A GetEnvironmentDetailsRequest read back: the input (whose roo_ignore_controller points into
// `roo_ignore`), the call's flag and the identity profile it names.
struct EnvironmentDetailsRequest {
    EnvironmentDetailsInput input;
    bool include_file_details = false;
    std::string profile;  // empty: the service's default
    std::unique_ptr<ListedRooIgnore> roo_ignore;
};

// The request for `input`: the file list is list_files(cwd, true, max_workspace_files) when
// `include_file_details` may list the files, and the .rooignore answers are the visible files,
// open tabs and listed files that input.roo_ignore_controller blocks.
ipc::proto::GetEnvironmentDetailsRequest to_proto(const EnvironmentDetailsInput& input,
                                                  bool include_file_details,
                                                  const std::string& profile);

// The input of a request. An unset clock is this machine's current one and an unset language
// formatLanguage(environment.editor_language); an unknown time zone is the error.
Expected<EnvironmentDetailsRequest, std::string> environment_details_request_from_proto(
    const ipc::proto::GetEnvironmentDetailsRequest& request, const PromptEnvironment& environment);

}  // namespace lapce_ai::prompts
