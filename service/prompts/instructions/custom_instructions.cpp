#include "custom_instructions.h"

#include <array>
#include <filesystem>
#include <system_error>
#include <vector>

#include "js_string.h"
#include "language.h"
#include "node_path.h"
#include "prompt_texts.h"
#include "rule_directory.h"
#include "watched_memo.h"

namespace lapce_ai::prompts {
namespace {

// safeReadFile: the trimmed text, "" for a missing file or a directory.
Expected<std::string, RuleFileError> safe_read_file(const std::string& path) {
    auto text = read_rule_file(path);
    if (!text) return unexpected(text.error());
    if (!text->has_value()) return std::string();
    return std::string(js_trim(**text));
}

std::string rules_from(std::string_view source, std::string_view content) {
    return render_prompt_text("instructions/rules_from",
                              TemplateValues().set("source", source).set("content", content));
}

// formatDirectoryContent
std::string format_directory_content(const std::vector<RuleFile>& files) {
    std::vector<std::string> parts;
    parts.reserve(files.size());
    for (const RuleFile& file : files) parts.push_back(rules_from(file.filename, file.content));
    return js_join(parts, "\n\n");
}

// What the rule folders and AGENTS.md of a workspace yield, kept between prompts while the file
// system's events say nothing they were read from has changed.
WatchedMemo& rule_texts() {
    static WatchedMemo memo(4u * 1024 * 1024, ChangeWatcher::shared());
    return memo;
}

// The formatted rule files of <config dir>/<folder> in the global folder, then the project's.
std::vector<std::string> load_rule_directories(std::string_view cwd, std::string_view folder,
                                               const PromptEnvironment& environment) {
    std::vector<std::string> contents;
    for (const std::string& roo_dir : get_roo_directories_for_cwd(cwd, environment)) {
        // directoryExists is left to the listing, which yields no files for a path that is not
        // a directory: one stat less.
        const std::string rules_dir = node_path::join({roo_dir, folder});
        // Empty exactly when the folder has no rule files: each file's part has a heading.
        const auto content = rule_texts().get("dir:" + rules_dir, [&] {
            return format_directory_content(read_text_files_from_directory(rules_dir));
        });
        if (!content->empty()) contents.push_back(*content);
    }
    return contents;
}

std::string read_agent_rules_file(std::string_view cwd) {
    static constexpr std::array<std::string_view, 2> kFilenames = {"AGENTS.md", "AGENT.md"};
    for (const std::string_view filename : kFilenames) {
        const std::string agent_path = node_path::join({cwd, filename});
        std::string resolved_path = agent_path;
        // The name's token vouches for the lstat below: it lapses when the name is created,
        // removed, replaced or changed.
        WatchedDependencies::record(ChangeWatcher::shared().watch_file(agent_path));
        std::error_code error;
        const auto status = std::filesystem::symlink_status(agent_path, error);
        if (error || !std::filesystem::exists(status)) continue;
        if (std::filesystem::is_symlink(status)) {
            // A link to a directory yields the first file found below it.
            const auto found = resolve_sym_link(agent_path, 0);
            if (!found.empty()) resolved_path = found.front().resolved_path;
        }
        auto content = safe_read_file(resolved_path);
        if (content && !content->empty()) {
            return render_prompt_text(
                "instructions/agent_rules",
                TemplateValues().set("filename", filename).set("content", *content));
        }
    }
    return std::string();
}

}  // namespace

std::vector<std::string> get_roo_directories_for_cwd(std::string_view cwd,
                                                     const PromptEnvironment& environment) {
    return {node_path::join({environment.home_dir, environment.profile.config_dir}),
            node_path::join({cwd, environment.profile.config_dir})};
}

Expected<std::string, RuleFileError> load_rule_files(std::string_view cwd,
                                                     const PromptEnvironment& environment) {
    const std::vector<std::string> rules = load_rule_directories(cwd, "rules", environment);
    if (!rules.empty()) return "\n" + js_join(rules, "\n\n");

    for (const std::string& file : environment.profile.legacy_rule_files) {
        auto content = safe_read_file(node_path::join({cwd, file}));
        if (!content) return content;
        if (!content->empty()) return "\n" + rules_from(file, *content) + "\n";
    }
    return std::string();
}

std::string load_agent_rules_file(std::string_view cwd) {
    return *rule_texts().get("agents:" + std::string(cwd),
                             [&] { return read_agent_rules_file(cwd); });
}

Expected<std::string, RuleFileError> add_custom_instructions(
    std::string_view mode_custom_instructions, std::string_view global_custom_instructions,
    std::string_view cwd, std::string_view mode, const CustomInstructionsOptions& options,
    const PromptEnvironment& environment) {
    const std::string mode_folder = "rules-" + std::string(mode);
    std::string mode_rule_content;
    std::string used_rule_file;
    if (!mode.empty()) {
        const std::vector<std::string> mode_rules =
            load_rule_directories(cwd, mode_folder, environment);
        if (!mode_rules.empty()) {
            mode_rule_content = "\n" + js_join(mode_rules, "\n\n");
            used_rule_file = render_prompt_text("instructions/mode_rule_directories",
                                                TemplateValues().set("mode", mode));
        } else {
            for (const std::string& legacy_file : environment.profile.legacy_rule_files) {
                const std::string mode_rule_file = legacy_file + "-" + std::string(mode);
                auto content = safe_read_file(node_path::join({cwd, mode_rule_file}));
                if (!content) return content;
                mode_rule_content = std::move(*content);
                if (!mode_rule_content.empty()) {
                    used_rule_file = mode_rule_file;
                    break;
                }
            }
        }
    }

    std::vector<std::string> sections;
    if (options.language && !options.language->empty()) {
        const std::string& language = *options.language;
        sections.push_back(
            render_prompt_text("instructions/language_preference",
                               TemplateValues()
                                   .set("language_name", language_name(language).value_or(language))
                                   .set("language", language)));
    }
    if (const std::string_view global = js_trim(global_custom_instructions); !global.empty()) {
        sections.push_back(render_prompt_text("instructions/global_instructions",
                                              TemplateValues().set("instructions", global)));
    }
    if (const std::string_view mode_specific = js_trim(mode_custom_instructions);
        !mode_specific.empty()) {
        sections.push_back(render_prompt_text("instructions/mode_instructions",
                                              TemplateValues().set("instructions", mode_specific)));
    }

    std::vector<std::string> rules;
    if (!js_trim(mode_rule_content).empty()) {
        // The label of directory rules never contains this path, so they always get the extra
        // "# Rules from rules-<mode> directories:" line (a quirk of the reference, kept).
        const std::string mode_dir = node_path::join({environment.profile.config_dir, mode_folder});
        if (used_rule_file.find(mode_dir) != std::string::npos) {
            rules.emplace_back(js_trim(mode_rule_content));
        } else {
            rules.push_back(rules_from(used_rule_file, mode_rule_content));
        }
    }
    if (options.roo_ignore_instructions && !options.roo_ignore_instructions->empty()) {
        rules.push_back(*options.roo_ignore_instructions);
    }
    if (!options.settings || options.settings->use_agent_rules) {
        const std::string agent_rules = load_agent_rules_file(cwd);
        if (const std::string_view trimmed = js_trim(agent_rules); !trimmed.empty()) {
            rules.emplace_back(trimmed);
        }
    }
    auto generic_rules = load_rule_files(cwd, environment);
    if (!generic_rules) return generic_rules;
    if (const std::string_view trimmed = js_trim(*generic_rules); !trimmed.empty()) {
        rules.emplace_back(trimmed);
    }
    if (!rules.empty()) {
        sections.push_back(render_prompt_text(
            "instructions/rules", TemplateValues().set("rules", js_join(rules, "\n\n"))));
    }

    const std::string joined_sections = js_join(sections, "\n\n");
    if (joined_sections.empty()) return std::string();
    return render_prompt_text("instructions/custom_instructions",
                              TemplateValues().set("sections", joined_sections));
}

}  // namespace lapce_ai::prompts
