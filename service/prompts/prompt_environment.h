#pragma once

// Everything the prompt layer reads from the machine or from the product's identity, in one
// place so that tests can pin it (the golden cases use home /home/user, OS "Linux",
// shell /bin/zsh, language "en").

#include <string>
#include <vector>

namespace lapce_ai::prompts {

// Which product the prompts speak for: the reference (Roo Code) or a fork with another name and
// configuration folder. Loaded from resources/prompts/profiles.json.
struct IdentityProfile {
    std::string id;              // "roo", "kilo"
    std::string assistant_name;  // "Roo" in "You are Roo, ..."
    std::string config_dir;      // ".roo": rules/, rules-<mode>/, system-prompt-<mode>
    // Legacy single-file rules, in lookup order: ".roorules", ".clinerules".
    std::vector<std::string> legacy_rule_files;
};

struct PromptEnvironment {
    std::string home_dir;      // os.homedir(), POSIX separators
    std::string os_name;       // osName() of the os-name package: "Linux", "macOS Sonoma", ...
    std::string os_type;       // os.type(): "Linux", "Darwin", "Windows_NT"
    std::string shell;         // getShell()
    std::string editor_shell;  // vscode.env.shell (only the system-prompt file override reads it)
    std::string editor_language;  // vscode.env.language, e.g. "en", "pt-br"
    IdentityProfile profile;
};

// The identity profiles shipped in resources, by id; nullptr when there is no such profile.
const IdentityProfile* find_identity_profile(std::string_view id);
const IdentityProfile& default_identity_profile();
std::vector<std::string> identity_profile_ids();

// The environment of this machine and user, with the given identity.
PromptEnvironment current_prompt_environment(const IdentityProfile& profile);

}  // namespace lapce_ai::prompts
