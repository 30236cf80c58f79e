#pragma once

// Terminal output compression: BaseTerminal.compressTerminalOutput
// (src/integrations/terminal/BaseTerminal.ts) and the helpers it calls from
// src/integrations/misc/extract-text.ts. The reference works on JavaScript strings, so every
// length, limit and index here counts UTF-16 code units. The UTF-16 overloads are the
// translation; the UTF-8 ones convert on the way in and out (a lone surrogate that JavaScript
// would leave in the string comes out as U+FFFD, as Node encodes it).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lapce_ai::prompts {

// DEFAULT_TERMINAL_OUTPUT_CHARACTER_LIMIT (packages/types/src/global-settings.ts).
inline constexpr std::int64_t kDefaultTerminalOutputCharacterLimit = 50'000;

// extract-text.ts truncateOutput: a limit of 0 means none (the reference's undefined).
std::u16string truncate_output(std::u16string_view content, std::int64_t line_limit = 0,
                               std::int64_t character_limit = 0);
std::string truncate_output(std::string_view content, std::int64_t line_limit = 0,
                            std::int64_t character_limit = 0);

// extract-text.ts applyRunLengthEncoding.
std::u16string apply_run_length_encoding(std::u16string_view content);
std::string apply_run_length_encoding(std::string_view content);

// extract-text.ts processCarriageReturns.
std::u16string process_carriage_returns(std::u16string_view input);
std::string process_carriage_returns(std::string_view input);

// extract-text.ts processBackspaces.
std::u16string process_backspaces(std::u16string_view input);
std::string process_backspaces(std::string_view input);

// BaseTerminal.compressTerminalOutput(input, lineLimit, characterLimit). The reference reads
// the static BaseTerminal.compressProgressBar (the terminalCompressProgressBar setting, true by
// default); it comes in as compress_progress_bar.
std::string compress_terminal_output(std::string_view input, std::int64_t line_limit,
                                     std::optional<std::int64_t> character_limit = std::nullopt,
                                     bool compress_progress_bar = true);

}  // namespace lapce_ai::prompts
