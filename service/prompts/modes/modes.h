#pragma once

// src/shared/modes.ts and DEFAULT_MODES (packages/types/src/mode.ts). The built-in modes speak
// with the identity's name ("You are Roo, ..."), so they are a function of the IdentityProfile.

#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "prompt_environment.h"
#include "prompt_types.h"

namespace lapce_ai::prompts {

// Tool parameters by name, as the tool call gave them (isToolAllowedForMode's toolParams).
using ToolParams = std::map<std::string, std::string, std::less<>>;
// isToolAllowedForMode's toolRequirements: a tool mapped to false is not allowed.
using ToolRequirements = std::map<std::string, bool, std::less<>>;

// DEFAULT_MODES (`modes`) for this identity; loaded once per assistant name, thread-safe.
const std::vector<ModeConfig>& default_modes(const IdentityProfile& profile);
// defaultModeSlug: the first built-in mode ("architect").
const std::string& default_mode_slug(const IdentityProfile& profile);
// defaultPrompts: roleDefinition / whenToUse / customInstructions / description per built-in mode.
const CustomModePrompts& default_prompts(const IdentityProfile& profile);

// getGroupName
const std::string& get_group_name(const GroupEntry& group);
// doesFileMatchRegex (JavaScript RegExp.test; an invalid pattern matches nothing)
bool does_file_match_regex(std::string_view file_path, std::string_view pattern);
// getToolsForMode: the groups' tools then the always-available ones, without repeats.
std::vector<std::string> get_tools_for_mode(const std::vector<GroupEntry>& groups);

// getModeBySlug: a custom mode first, then a built-in one; nullptr when neither exists.
const ModeConfig* get_mode_by_slug(std::string_view slug,
                                   const std::vector<ModeConfig>* custom_modes,
                                   const IdentityProfile& profile);
// `getModeBySlug(slug, customModes) || modes.find(m => m.slug === slug) || modes[0]`, the lookup
// system.ts and getFullModeDetails make: the mode, else the first built-in one.
const ModeConfig& get_mode_by_slug_or_first(std::string_view slug,
                                            const std::vector<ModeConfig>* custom_modes,
                                            const IdentityProfile& profile);

// getModeConfig: like get_mode_by_slug, throws std::invalid_argument "No mode found for slug: x".
const ModeConfig& get_mode_config(std::string_view slug,
                                  const std::vector<ModeConfig>* custom_modes,
                                  const IdentityProfile& profile);
// getAllModes: the built-in modes, each replaced by the custom mode of its slug, then the other
// custom modes in their order.
std::vector<ModeConfig> get_all_modes(const std::vector<ModeConfig>* custom_modes,
                                      const IdentityProfile& profile);
// The same modes without copies: pointers into default_modes(profile) and `custom_modes`.
std::vector<const ModeConfig*> get_all_mode_pointers(const std::vector<ModeConfig>* custom_modes,
                                                     const IdentityProfile& profile);
// isCustomMode
bool is_custom_mode(std::string_view slug, const std::vector<ModeConfig>* custom_modes);
// findModeBySlug: only in `modes`, no fallback.
const ModeConfig* find_mode_by_slug(std::string_view slug, const std::vector<ModeConfig>* modes);

// getModeSelection's result.
struct ModeSelection {
    std::string role_definition;
    std::string base_instructions;
    std::string description;
};
// getModeSelection: a custom mode entirely, else the built-in mode (or the default one)
// overridden by the prompt component's non-empty roleDefinition / customInstructions.
ModeSelection get_mode_selection(std::string_view mode, const PromptComponent* prompt_component,
                                 const std::vector<ModeConfig>* custom_modes,
                                 const IdentityProfile& profile);

// FileRestrictionError: an edit outside the mode's fileRegex.
class FileRestrictionError : public std::runtime_error {
  public:
    FileRestrictionError(std::string_view mode, std::string_view pattern,
                         const std::optional<std::string>& description, std::string_view file_path,
                         std::string_view tool);
};

// isToolAllowedForMode. Throws FileRestrictionError when an edit tool's path (or a <path> of
// its XML `args`) does not match the mode's fileRegex.
bool is_tool_allowed_for_mode(std::string_view tool, std::string_view mode_slug,
                              const std::vector<ModeConfig>& custom_modes,
                              const ToolRequirements* tool_requirements,
                              const ToolParams* tool_params, const Experiments* experiments,
                              const IdentityProfile& profile);

// getRoleDefinition: "" for an unknown mode. (getAllModesWithPrompts is get_modes_section's
// loop; getDescription / getWhenToUse / getCustomInstructions have no caller here.)
std::string get_role_definition(std::string_view mode_slug,
                                const std::vector<ModeConfig>* custom_modes,
                                const IdentityProfile& profile);

}  // namespace lapce_ai::prompts
