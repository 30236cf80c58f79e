#include "environment_details.h"

#include <cmath>

#include "environment/reminder.h"
#include "environment/terminal_output.h"
#include "js_string.h"
#include "modes/full_mode_details.h"
#include "modes/modes.h"
#include "node_path.h"
#include "prompt_texts.h"
#include "responses/format_response.h"

namespace lapce_ai::prompts {
namespace {

constexpr char kPowerSteering[] = "powerSteering";

// Array.prototype.slice(0, end)
std::vector<std::string> slice_to(std::vector<std::string> items, int end) {
    const auto size = static_cast<std::ptrdiff_t>(items.size());
    std::ptrdiff_t keep =
        end < 0 ? std::max<std::ptrdiff_t>(size + end, 0) : std::min<std::ptrdiff_t>(end, size);
    items.resize(static_cast<std::size_t>(keep));
    return items;
}

// The paths relative to the cwd, empty ones dropped, at most `limit`.
std::vector<std::string> relative_paths(const std::vector<std::string>& absolute_paths,
                                        std::string_view cwd, bool posix, int limit) {
    std::vector<std::string> paths;
    for (const std::string& path : absolute_paths) {
        if (path.empty()) continue;
        std::string relative = node_path::relative(cwd, path);
        paths.push_back(posix ? to_posix(relative) : std::move(relative));
    }
    return slice_to(std::move(paths), limit);
}

// The visible-files and open-tabs sections. With a .rooignore controller the reference prints
// the filtered array itself, i.e. joined with ',' and never the "(No ...)" text.
std::string file_section(std::string_view template_name, const std::vector<std::string>& paths,
                         const RooIgnoreAccess* roo_ignore) {
    std::string files;
    bool has_files = false;
    if (roo_ignore) {
        files = js_join(roo_ignore->filter_paths(paths), ",");
        has_files = true;
    } else {
        std::vector<std::string> posix;
        for (const std::string& path : paths) posix.push_back(to_posix(path));
        files = js_join(posix, "\n");
        has_files = !files.empty();
    }
    return render_prompt_text(template_name,
                              TemplateValues().flag("has_files", has_files).set("files", files));
}

std::string compress(const EnvironmentDetailsInput& input, std::string_view output) {
    return compress_terminal_output(output, input.terminal_output_line_limit,
                                    input.terminal_output_character_limit,
                                    input.terminal_compress_progress_bar);
}

std::string terminal_details(const EnvironmentDetailsInput& input) {
    std::string details;
    if (!input.busy_terminals.empty()) {
        details += "\n\n" + render_prompt_text("environment/active_terminals");
        for (const BusyTerminal& terminal : input.busy_terminals) {
            const std::string id = std::to_string(terminal.id);
            const std::string output = terminal.unretrieved_output.empty()
                                           ? std::string()
                                           : compress(input, terminal.unretrieved_output);
            details += "\n" + render_prompt_text(
                                  "environment/active_terminal",
                                  TemplateValues()
                                      .set("id", id)
                                      .set("cwd", terminal.cwd)
                                      .set("command", terminal.last_command)
                                      .flag("has_output", !terminal.unretrieved_output.empty())
                                      .set("output", output));
        }
    }

    bool header_written = false;
    for (const InactiveTerminal& terminal : input.inactive_terminals) {
        if (terminal.processes_with_output.empty()) continue;
        if (!header_written) {
            details += "\n\n" + render_prompt_text("environment/inactive_terminals");
            header_written = true;
        }
        std::string outputs;
        for (const CompletedProcessOutput& process : terminal.processes_with_output) {
            if (process.unretrieved_output.empty()) continue;
            const std::string output = compress(input, process.unretrieved_output);
            const std::string process_output = render_prompt_text(
                "environment/completed_process_output",
                TemplateValues().set("command", process.command).set("output", output));
            outputs += "\n" + render_prompt_text("environment/terminal_new_output",
                                                 TemplateValues().set("output", process_output));
        }
        if (outputs.empty()) continue;
        const std::string id = std::to_string(terminal.id);
        details +=
            "\n" +
            render_prompt_text(
                "environment/inactive_terminal",
                TemplateValues().set("id", id).set("cwd", terminal.cwd).set("outputs", outputs));
    }
    return details;
}

// "+2:00", "-3:30", "+5:45", as the reference derives it from getTimezoneOffset().
std::string time_zone_offset_text(int utc_offset_seconds) {
    const double timezone_offset_minutes = -(utc_offset_seconds / 60.0);  // getTimezoneOffset()
    const double offset = -timezone_offset_minutes / 60;
    const double hours = std::floor(std::abs(offset));
    const double minutes = std::abs(std::floor((std::abs(offset) - hours) * 60 + 0.5));
    std::string text = offset >= 0 ? "+" : "-";
    text += std::to_string(static_cast<long long>(hours)) + ":";
    const auto minute_count = static_cast<long long>(minutes);
    if (minute_count < 10) text += '0';
    text += std::to_string(minute_count);
    return text;
}

std::string current_time(const EnvironmentClock& clock) {
    const std::string iso = js_iso_string(clock.epoch_ms);
    const std::string offset = time_zone_offset_text(clock.utc_offset_seconds);
    return render_prompt_text("environment/current_time", TemplateValues()
                                                              .set("iso_time", iso)
                                                              .set("time_zone", clock.time_zone)
                                                              .set("time_zone_offset", offset));
}

Expected<std::string, RuleFileError> current_mode(const EnvironmentDetailsInput& input,
                                                  const PromptEnvironment& environment) {
    const std::string slug = input.mode.value_or(default_mode_slug(environment.profile));
    FullModeDetailsOptions options;
    options.cwd = input.cwd;
    options.global_custom_instructions = input.global_custom_instructions;
    options.language = input.language;
    auto details = get_full_mode_details(slug, &input.custom_modes, &input.custom_mode_prompts,
                                         options, environment);
    if (!details) return unexpected(details.error());
    const bool power_steering = input.experiments.enabled(kPowerSteering);
    const std::string custom_instructions = details->custom_instructions.value_or(std::string());
    return render_prompt_text("environment/current_mode",
                              TemplateValues()
                                  .set("slug", slug)
                                  .set("name", details->name)
                                  .set("model_id", input.model_id)
                                  .flag("power_steering", power_steering)
                                  .set("role_definition", details->role_definition)
                                  .flag("has_custom_instructions", !custom_instructions.empty())
                                  .set("custom_instructions", custom_instructions));
}

std::string workspace_files(const EnvironmentDetailsInput& input,
                            const PromptEnvironment& environment) {
    std::string files;
    if (node_path::are_paths_equal(input.cwd, node_path::join({environment.home_dir, "Desktop"}))) {
        // Listing the Desktop would make the OS ask the user for permission.
        files = render_prompt_text("environment/workspace_files_desktop");
    } else if (input.max_workspace_files == 0) {
        files = render_prompt_text("environment/workspace_files_disabled");
    } else {
        const auto [paths, did_hit_limit] =
            input.list_files(input.cwd, true, input.max_workspace_files);
        files = format_response::format_files_list(input.cwd, paths, did_hit_limit,
                                                   input.roo_ignore_controller,
                                                   input.show_roo_ignored_files);
    }
    const std::string cwd = to_posix(input.cwd);
    return render_prompt_text("environment/workspace_files",
                              TemplateValues().set("cwd", cwd).set("files", files));
}

}  // namespace

Expected<std::string, RuleFileError> get_environment_details(const EnvironmentDetailsInput& input,
                                                             bool include_file_details,
                                                             const PromptEnvironment& environment) {
    std::string details;
    details += "\n\n" + file_section("environment/visible_files",
                                     relative_paths(input.visible_file_paths, input.cwd, false,
                                                    input.max_workspace_files),
                                     input.roo_ignore_controller);
    details += "\n\n" + file_section("environment/open_tabs",
                                     relative_paths(input.open_tab_paths, input.cwd, true,
                                                    input.max_open_tabs_context),
                                     input.roo_ignore_controller);

    if (!input.recently_modified_files.empty()) {
        std::string files;
        for (const std::string& file : input.recently_modified_files) files += "\n" + file;
        details += "\n\n" + render_prompt_text("environment/recently_modified_files",
                                               TemplateValues().set("files", files));
    }
    details += terminal_details(input);
    details += "\n\n" + current_time(input.clock);

    const std::string total_cost = js_to_fixed(get_api_metrics(input.cline_messages).total_cost, 2);
    details += "\n\n" + render_prompt_text("environment/current_cost",
                                           TemplateValues().set("total_cost", total_cost));
    auto mode = current_mode(input, environment);
    if (!mode) return unexpected(mode.error());
    details += "\n\n" + *mode;
    if (include_file_details) details += "\n\n" + workspace_files(input, environment);

    const std::string reminder = input.todo_list_enabled.value_or(true)
                                     ? format_reminder_section(input.todo_list)
                                     : std::string();
    const std::string trimmed = std::string(js_trim(details));
    return render_prompt_text("environment/environment_details",
                              TemplateValues().set("details", trimmed).set("reminder", reminder));
}

}  // namespace lapce_ai::prompts
