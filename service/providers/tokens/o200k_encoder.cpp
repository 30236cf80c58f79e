#include "o200k_encoder.h"

#include <QString>

#include <span>

#include "byte_pair_merge.h"

namespace lapce_ai::providers {

namespace {

// o200k_base's pat_str (o200k_rank_tables().pat_str) for PCRE2 with Unicode properties.
// The Rust regex it was written for takes \s as Unicode White_Space, which includes U+0085
// (NEXT LINE); PCRE2's \s does not, so U+0085 is added wherever \s or \S appears.
constexpr auto o200k_pre_tokenizer_pattern =
    u"[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]*[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]+"
    u"(?i:'s|'t|'re|'ve|'m|'ll|'d)?"
    u"|[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]+[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]*"
    u"(?i:'s|'t|'re|'ve|'m|'ll|'d)?"
    u"|\\p{N}{1,3}"
    u"| ?[^\\s\\x{85}\\p{L}\\p{N}]+[\\r\\n/]*"
    u"|[\\s\\x{85}]*[\\r\\n]+"
    u"|[\\s\\x{85}]+(?![^\\s\\x{85}])"
    u"|[\\s\\x{85}]+";

// Walks a UTF-16 string alongside its UTF-8 form: the UTF-8 offset of a UTF-16 offset, for
// offsets visited in increasing order.
class Utf8Offsets {
  public:
    explicit Utf8Offsets(const QString& text) : text_(text) {}

    qsizetype utf8_offset(qsizetype utf16_offset) {
        while (utf16_ < utf16_offset) {
            const char16_t unit = text_.at(utf16_).unicode();
            if (unit < 0x80) {
                utf8_ += 1;
            } else if (unit < 0x800) {
                utf8_ += 2;
            } else if (QChar::isHighSurrogate(unit) && utf16_ + 1 < text_.size() &&
                       QChar::isLowSurrogate(text_.at(utf16_ + 1).unicode())) {
                utf8_ += 4;
                utf16_ += 1;
            } else {
                utf8_ += 3;
            }
            utf16_ += 1;
        }
        return utf8_;
    }

  private:
    const QString& text_;
    qsizetype utf16_ = 0;
    qsizetype utf8_ = 0;
};

}  // namespace

O200kEncoder::O200kEncoder()
    : pre_tokenizer_(QString::fromUtf16(o200k_pre_tokenizer_pattern),
                     QRegularExpression::UseUnicodePropertiesOption) {
    // Compiled now, so that matching from several threads only reads the compiled pattern.
    pre_tokenizer_.optimize();
}

const O200kEncoder& O200kEncoder::shared() {
    static const O200kEncoder encoder;
    return encoder;
}

template <typename TokenSink>
void O200kEncoder::encode_pieces(std::string_view text, TokenSink&& sink) const {
    // The text as the reference's encoder receives it: a JavaScript string, UTF-8 encoded.
    const QString utf16 = QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
    const QByteArray utf8 = utf16.toUtf8();
    const std::string_view bytes(utf8.constData(), static_cast<std::size_t>(utf8.size()));
    Utf8Offsets offsets(utf16);

    std::vector<std::uint32_t> tokens;
    std::vector<BytePairPart> parts;
    // The subject is valid UTF-16 (fromUtf8 made it): checking it again on every match of the
    // global iteration would make the scan quadratic.
    auto matches =
        pre_tokenizer_.globalMatch(utf16, 0, QRegularExpression::NormalMatch,
                                   QRegularExpression::DontCheckSubjectStringMatchOption);
    while (matches.hasNext()) {
        const auto match = matches.next();
        const auto begin = offsets.utf8_offset(match.capturedStart());
        const auto end = offsets.utf8_offset(match.capturedEnd());
        const auto piece =
            bytes.substr(static_cast<std::size_t>(begin), static_cast<std::size_t>(end - begin));
        if (const auto rank = o200k_rank_of(piece)) {
            sink(std::span<const std::uint32_t>(&*rank, 1));
            continue;
        }
        tokens.clear();
        byte_pair_encode(piece, tokens, parts);
        sink(std::span<const std::uint32_t>(tokens));
    }
}

std::vector<std::uint32_t> O200kEncoder::o200k_encode(std::string_view text) const {
    std::vector<std::uint32_t> tokens;
    encode_pieces(text, [&](std::span<const std::uint32_t> piece_tokens) {
        tokens.insert(tokens.end(), piece_tokens.begin(), piece_tokens.end());
    });
    return tokens;
}

std::size_t O200kEncoder::o200k_count(std::string_view text) const {
    std::size_t count = 0;
    encode_pieces(
        text, [&](std::span<const std::uint32_t> piece_tokens) { count += piece_tokens.size(); });
    return count;
}

}  // namespace lapce_ai::providers
