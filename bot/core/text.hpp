#pragma once
// Text normalisation and UTF-8 helpers shared by command parsing and the handlers.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jiaxiao::core {

/// Normalises chat text before it is parsed: full-width ASCII forms (U+FF01..U+FF5E, e.g. ／ ＃ ： １)
/// become ASCII, U+3000 and other Unicode spaces become ' ', Chinese quotes “ ” ‘ ’ become '"',
/// CRLF becomes LF, and the ends are trimmed. Invalid UTF-8 bytes are kept as they are. Never throws.
std::string normalise(std::string_view text);

/// The part of `raw` that normalise() made into `piece` (a part of normalise(raw)), as it was typed:
/// full-width punctuation and all ("12月31日（周四）", not "12月31日(周四)"). User text is kept this way
/// (SPEC §2.1). `piece` itself when it is no part of it (a reader rebuilt it) or would not be valid UTF-8.
std::string as_typed(std::string_view raw, std::string_view piece);

/// Trims ASCII white space at both ends.
std::string_view trim(std::string_view text);

/// Decodes one UTF-8 code point at `pos`; sets `length` (>= 1). Invalid input yields U+FFFD, length 1.
char32_t decode_utf8(std::string_view text, std::size_t pos, std::size_t& length);

/// Appends the UTF-8 encoding of `cp` to `out`.
void append_utf8(std::string& out, char32_t cp);

/// Number of code points (invalid bytes count one each).
std::size_t utf8_length(std::string_view text);

/// The first `max_code_points` code points of `text`, with "…" when anything was cut (a member's input
/// quoted in a reply, a message shown in a list). Never splits a code point.
std::string cut(std::string_view text, std::size_t max_code_points);

/// Levenshtein distance counted in code points; used for "did you mean" hints.
std::size_t edit_distance(std::string_view a, std::string_view b);

/// Splits text into parts of at most `max_bytes` bytes, at line ends where possible, else at code
/// point boundaries; 0 means no limit (one part). Never returns an empty list.
std::vector<std::string> split_text(std::string_view text, std::size_t max_bytes);

/// Items joined with a separator ("、" for lists a person reads, "\n" for ids kept in one column).
std::string join(const std::vector<std::string>& items, std::string_view separator);
/// The reverse of join(): the pieces between separators, empty ones dropped. Empty text: no pieces.
std::vector<std::string> split(std::string_view text, std::string_view separator);
/// Every line of `text`, empty ones kept ("" is one empty line); the reverse of join(lines, "\n").
std::vector<std::string> lines_of(std::string_view text);
/// Text from outside made safe to keep and show: invalid UTF-8 bytes become U+FFFD; NUL and the other
/// C0 controls but tab and line feed are dropped (CR LF becomes LF); the bidirectional overrides,
/// embeddings and isolates (U+202A–U+202E, U+2066–U+2069), which can make a text read backwards, are
/// dropped. Everything else is kept as written.
std::string clean_text(std::string_view text);

/// JSON text with every lone UTF-16 surrogate escape ("\ud83d" not followed by its low half, or a low
/// half alone) replaced by "\ufffd" (a client may cut a string inside an emoji); nullopt when there
/// was none. Escaped backslashes are respected.
std::optional<std::string> without_lone_surrogates(std::string_view json_text);

/// ASCII letters lower-cased, every other byte kept (command aliases compare this way).
std::string ascii_lower(std::string_view text);

}  // namespace jiaxiao::core
