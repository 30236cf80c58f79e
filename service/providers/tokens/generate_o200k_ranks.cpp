// Build-time tool: converts the o200k_base encoder of the pinned tiktoken npm package
// (encoders/o200k_base.json: pat_str, special_tokens, bpe_ranks) into a C++ source of const data
// for o200k_rank_tables() (o200k_rank_tables.h), so the ranks live in the executable's read-only
// pages instead of a hash map on the heap.
//
//   generate_o200k_ranks <o200k_base.json> <output.cpp>
//
// bpe_ranks is tiktoken's compressed form ("! <first rank> <base64 token> <base64 token> ...",
// one run of consecutive ranks per line, as dqbd/tiktoken's parse_bfe reads it) or the plain
// form ("<base64 token> <rank>" per line).

#include <QByteArray>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "o200k_rank_tables.h"
#include "o200k_token_hash.h"

using namespace lapce_ai::providers;

namespace {

struct RankedToken {
    std::string bytes;
    std::uint32_t rank = 0;
};

bool decode_base64(std::string_view text, std::string& out) {
    const auto decoded =
        QByteArray::fromBase64Encoding(QByteArray(text.data(), static_cast<qsizetype>(text.size())),
                                       QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded) {
        return false;
    }
    out.assign(decoded.decoded.constData(), static_cast<std::size_t>(decoded.decoded.size()));
    return true;
}

std::vector<std::string_view> split(std::string_view text, char separator) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (true) {
        const auto end = text.find(separator, start);
        parts.push_back(text.substr(start, end - start));
        if (end == std::string_view::npos) {
            return parts;
        }
        start = end + 1;
    }
}

std::optional<std::uint32_t> parse_rank(std::string_view text) {
    if (text.empty() || text.size() > 9) {
        return std::nullopt;
    }
    std::uint32_t value = 0;
    for (const char c : text) {
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
        value = value * 10 + static_cast<std::uint32_t>(c - '0');
    }
    return value;
}

std::optional<std::vector<RankedToken>> parse_bpe_ranks(std::string_view bpe_ranks) {
    std::vector<RankedToken> tokens;
    const bool compressed = !bpe_ranks.empty() && bpe_ranks.front() == '!';
    for (const auto line : split(bpe_ranks, '\n')) {
        if (line.empty()) {
            continue;
        }
        const auto parts = split(line, ' ');
        if (compressed) {
            const auto first = parts.size() >= 2 ? parse_rank(parts[1]) : std::nullopt;
            if (!first) {
                return std::nullopt;
            }
            for (std::size_t i = 2; i < parts.size(); ++i) {
                RankedToken token;
                if (!decode_base64(parts[i], token.bytes)) {
                    return std::nullopt;
                }
                token.rank = *first + static_cast<std::uint32_t>(i - 2);
                tokens.push_back(std::move(token));
            }
        } else {
            RankedToken token;
            const auto rank = parts.size() == 2 ? parse_rank(parts[1]) : std::nullopt;
            if (!rank || !decode_base64(parts[0], token.bytes)) {
                return std::nullopt;
            }
            token.rank = *rank;
            tokens.push_back(std::move(token));
        }
    }
    return tokens;
}

// A C++ string literal, split over lines; octal escapes are always three digits, so a digit
// after one is never taken into it.
void write_string_literal(std::ostream& out, std::string_view bytes) {
    constexpr std::size_t line_width = 96;
    std::size_t column = 0;
    out << "    \"";
    for (const char c : bytes) {
        const auto byte = static_cast<unsigned char>(c);
        if (column >= line_width) {
            out << "\"\n    \"";
            column = 0;
        }
        if (byte >= 0x20 && byte < 0x7f && c != '"' && c != '\\' && c != '?') {
            out << c;
            column += 1;
        } else {
            char escape[5];
            std::snprintf(escape, sizeof escape, "\\%03o", byte);
            out << escape;
            column += 4;
        }
    }
    out << "\"";
}

void write_numbers(std::ostream& out, const std::vector<std::uint32_t>& numbers) {
    constexpr std::size_t per_line = 12;
    for (std::size_t i = 0; i < numbers.size(); ++i) {
        out << (i % per_line == 0 ? "\n    " : " ") << numbers[i] << ',';
    }
    out << '\n';
}

int fail(const std::string& message) {
    std::fprintf(stderr, "generate_o200k_ranks: %s\n", message.c_str());
    return 1;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        return fail("usage: generate_o200k_ranks <o200k_base.json> <output.cpp>");
    }
    QFile input(QString::fromLocal8Bit(argv[1]));
    if (!input.open(QIODevice::ReadOnly)) {
        return fail(std::string("cannot read ") + argv[1]);
    }
    QJsonParseError parse_error;
    const auto document = QJsonDocument::fromJson(input.readAll(), &parse_error);
    if (!document.isObject()) {
        return fail(std::string(argv[1]) + ": not a JSON object (" +
                    parse_error.errorString().toStdString() + ")");
    }
    const auto encoder = document.object();
    const auto pat_str = encoder.value(QStringLiteral("pat_str")).toString().toStdString();
    const auto bpe_ranks = encoder.value(QStringLiteral("bpe_ranks")).toString().toStdString();
    auto parsed = parse_bpe_ranks(bpe_ranks);
    if (pat_str.empty() || !parsed || parsed->empty()) {
        return fail(std::string(argv[1]) + ": no pat_str or unreadable bpe_ranks");
    }
    auto& tokens = *parsed;

    // The tables index tokens by rank, so the ranks must be 0..n-1, each once.
    std::sort(tokens.begin(), tokens.end(),
              [](const RankedToken& a, const RankedToken& b) { return a.rank < b.rank; });
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        if (tokens[i].rank != i) {
            return fail("the ranks are not 0.." + std::to_string(tokens.size() - 1) + " (rank " +
                        std::to_string(tokens[i].rank) + " at " + std::to_string(i) + ")");
        }
    }

    // Byte-pair merging starts from single bytes and relies on each of them being a token.
    std::vector<bool> byte_is_token(256, false);
    for (const auto& token : tokens) {
        if (token.bytes.size() == 1) {
            byte_is_token[static_cast<unsigned char>(token.bytes[0])] = true;
        }
    }
    if (std::find(byte_is_token.begin(), byte_is_token.end(), false) != byte_is_token.end()) {
        return fail("not every single byte is a token");
    }

    std::string token_bytes;
    std::vector<std::uint32_t> token_offsets;
    for (const auto& token : tokens) {
        token_offsets.push_back(static_cast<std::uint32_t>(token_bytes.size()));
        token_bytes += token.bytes;
    }
    token_offsets.push_back(static_cast<std::uint32_t>(token_bytes.size()));

    std::vector<std::uint32_t> rank_slots(std::size_t(1) << o200k_rank_slot_bits, o200k_empty_slot);
    const std::size_t slot_mask = rank_slots.size() - 1;
    for (const auto& token : tokens) {
        auto slot = static_cast<std::size_t>(o200k_token_slot(token.bytes));
        while (rank_slots[slot] != o200k_empty_slot) {
            if (tokens[rank_slots[slot]].bytes == token.bytes) {
                return fail("a token has two ranks");
            }
            slot = (slot + 1) & slot_mask;
        }
        rank_slots[slot] = token.rank;
    }

    std::ostringstream out;
    out << "// Generated by generate_o200k_ranks from the tiktoken npm package's\n"
           "// encoders/o200k_base.json (packaging/tiktoken). Do not edit.\n\n"
           "#include \"o200k_rank_tables.h\"\n\n"
           "namespace lapce_ai::providers {\nnamespace {\n\n"
           "constexpr char pat_str[] =\n";
    write_string_literal(out, pat_str);
    out << ";\n\nconstexpr char token_bytes[] =\n";
    write_string_literal(out, token_bytes);
    out << ";\n\nconstexpr std::uint32_t token_offsets[] = {";
    write_numbers(out, token_offsets);
    out << "};\n\nconstexpr std::uint32_t rank_slots[] = {";
    write_numbers(out, rank_slots);
    out << "};\n\n"
           "constexpr O200kRankTables tables{\n"
           "    std::string_view(pat_str, sizeof pat_str - 1),\n"
           "    std::string_view(token_bytes, sizeof token_bytes - 1),\n"
           "    token_offsets,\n"
           "    rank_slots,\n"
           "};\n\n"
           "}  // namespace\n\n"
           "const O200kRankTables& o200k_rank_tables() {\n    return tables;\n}\n\n"
           "}  // namespace lapce_ai::providers\n";

    // Written through a temporary name, so an interrupted run leaves no half file behind.
    const std::string output_path = argv[2];
    const std::string temporary_path = output_path + ".tmp";
    {
        std::ofstream file(temporary_path, std::ios::binary | std::ios::trunc);
        file << out.str();
        if (!file) {
            return fail("cannot write " + temporary_path);
        }
    }
    if (std::rename(temporary_path.c_str(), output_path.c_str()) != 0) {
        return fail("cannot rename " + temporary_path + " to " + output_path);
    }
    return 0;
}
