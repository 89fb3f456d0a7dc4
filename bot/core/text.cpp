#include "bot/core/text.hpp"

#include <algorithm>
#include <vector>

namespace jiaxiao::core {

char32_t decode_utf8(std::string_view text, std::size_t pos, std::size_t& length) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(pos);
  length = 1;
  if (lead < 0x80) return lead;
  std::size_t need = 0;
  char32_t cp = 0;
  if ((lead & 0xE0) == 0xC0) { need = 1; cp = lead & 0x1F; }
  else if ((lead & 0xF0) == 0xE0) { need = 2; cp = lead & 0x0F; }
  else if ((lead & 0xF8) == 0xF0) { need = 3; cp = lead & 0x07; }
  else return U'\uFFFD';
  if (pos + need >= text.size()) return U'\uFFFD';  // truncated sequence
  for (std::size_t i = 1; i <= need; ++i) {
    const unsigned char c = byte(pos + i);
    if ((c & 0xC0) != 0x80) return U'\uFFFD';
    cp = (cp << 6) | (c & 0x3F);
  }
  // Reject overlong forms, surrogates and values past U+10FFFF.
  static constexpr char32_t min_for_length[] = {0, 0x80, 0x800, 0x10000};
  if (cp < min_for_length[need] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return U'\uFFFD';
  length = need + 1;
  return cp;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::size_t utf8_length(std::string_view text) {
  std::size_t count = 0;
  for (std::size_t pos = 0, len = 0; pos < text.size(); pos += len) {
    decode_utf8(text, pos, len);
    ++count;
  }
  return count;
}

std::string_view trim(std::string_view text) {
  const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

namespace {

bool is_unicode_space(char32_t cp) {
  return cp == 0x3000 || cp == 0x00A0 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F || cp == 0x205F;
}

bool is_invisible(char32_t cp) {
  // Zero-width space/joiners and the BOM that some clients put in front of pasted text.
  return cp == 0x200B || cp == 0x200C || cp == 0x200D || cp == 0xFEFF;
}

}  // namespace

namespace {

/// normalise() without the final trim; when `raw_at` is given, it gets, for every byte of the result, the
/// offset in `text` of the code point that byte came from, and one more entry: text.size().
std::string normalise_mapped(std::string_view text, std::vector<std::size_t>* raw_at) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t pos = 0, len = 0; pos < text.size(); pos += len) {
    const std::size_t before = out.size();
    const char32_t cp = decode_utf8(text, pos, len);
    if (cp == U'\uFFFD' && len == 1 && static_cast<unsigned char>(text[pos]) >= 0x80) {
      // A malformed byte becomes U+FFFD: what follows (JSON bodies, splitting) sees valid UTF-8 only, and
      // dropping invisible characters cannot join fragments into new ones (fuzz/fuzz_command found it).
      append_utf8(out, U'\uFFFD');
    } else if (cp >= 0xFF01 && cp <= 0xFF5E) {
      out.push_back(static_cast<char>(cp - 0xFF01 + 0x21));
    } else if (is_unicode_space(cp)) {
      out.push_back(' ');
    } else if (is_invisible(cp)) {
      // dropped
    } else if (cp == 0x201C || cp == 0x201D || cp == 0x2018 || cp == 0x2019) {
      out.push_back('"');
    } else if (cp == '\r') {
      if (pos + 1 >= text.size() || text[pos + 1] != '\n') out.push_back('\n');
    } else {
      append_utf8(out, cp);
    }
    if (raw_at != nullptr) raw_at->insert(raw_at->end(), out.size() - before, pos);
  }
  if (raw_at != nullptr) raw_at->push_back(text.size());
  return out;
}

}  // namespace

std::string normalise(std::string_view text) { return std::string(trim(normalise_mapped(text, nullptr))); }

std::string as_typed(std::string_view raw, std::string_view piece) {
  if (piece.empty()) return {};
  std::vector<std::size_t> raw_at;
  const std::string normalised = normalise_mapped(raw, &raw_at);
  const std::size_t at = normalised.find(piece);
  if (at == std::string::npos) return std::string(piece);
  // From the first code point of the piece to the end of its last one (the next code point's start).
  std::size_t end = at + piece.size();
  while (end < normalised.size() && raw_at[end] == raw_at[end - 1]) ++end;  // inside one raw code point
  const std::string_view typed = raw.substr(raw_at[at], raw_at[end] - raw_at[at]);
  for (std::size_t pos = 0, len = 0; pos < typed.size(); pos += len) {
    if (decode_utf8(typed, pos, len) == U'\uFFFD' && len == 1) return std::string(piece);  // not valid UTF-8
  }
  return std::string(typed);
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<char32_t> x, y;
  for (std::size_t p = 0, l = 0; p < a.size(); p += l) x.push_back(decode_utf8(a, p, l));
  for (std::size_t p = 0, l = 0; p < b.size(); p += l) y.push_back(decode_utf8(b, p, l));
  std::vector<std::size_t> row(y.size() + 1);
  for (std::size_t j = 0; j <= y.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= x.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= y.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (x[i - 1] == y[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[y.size()];
}

std::vector<std::string> split_text(std::string_view text, std::size_t max_bytes) {
  if (max_bytes == 0 || text.size() <= max_bytes) return {std::string(text)};
  max_bytes = std::max<std::size_t>(max_bytes, 4);  // room for one code point
  std::vector<std::string> parts;
  while (text.size() > max_bytes) {
    std::size_t cut = text.rfind('\n', max_bytes);
    std::size_t skip = 1;  // the line break itself is not kept at the end of a part
    if (cut == std::string_view::npos || cut == 0) {
      // One line longer than a part: cut at the last code point boundary that fits.
      cut = max_bytes;
      while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
      // Only continuation bytes (malformed UTF-8, found by fuzz/fuzz_command): cut anywhere rather than
      // loop forever on an empty part.
      if (cut == 0) cut = max_bytes;
      skip = 0;
    }
    parts.emplace_back(text.substr(0, cut));
    text.remove_prefix(cut + skip);
  }
  if (!text.empty()) parts.emplace_back(text);
  return parts;
}

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

std::vector<std::string> split(std::string_view text, std::string_view separator) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size() && !separator.empty()) {
    std::size_t end = text.find(separator, start);
    if (end == std::string_view::npos) end = text.size();
    if (end > start) out.emplace_back(text.substr(start, end - start));
    start = end + separator.size();
  }
  return out;
}

std::string cut(std::string_view text, std::size_t max_code_points) {
  std::size_t pos = 0, count = 0;
  while (pos < text.size() && count < max_code_points) {
    std::size_t length = 1;
    decode_utf8(text, pos, length);
    pos += length;
    ++count;
  }
  if (pos >= text.size()) return std::string(text);
  return std::string(text.substr(0, pos)) + "…";
}

std::vector<std::string> lines_of(std::string_view text) {
  std::vector<std::string> lines;
  for (std::size_t start = 0; start <= text.size();) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    lines.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string clean_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    std::size_t length = 1;
    const char32_t cp = decode_utf8(text, i, length);
    const bool invalid = length == 1 && static_cast<unsigned char>(text[i]) >= 0x80;
    const bool control = cp < 0x20 && cp != U'\n' && cp != U'\t';
    const bool bidi = (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
    if (invalid) append_utf8(out, U'\uFFFD');
    else if (!control && !bidi && cp != 0x7F) out.append(text.substr(i, length));
    i += length;
  }
  return out;
}

std::optional<std::string> without_lone_surrogates(std::string_view json_text) {
  const auto hex4 = [&](std::size_t at) -> std::optional<unsigned> {
    if (at + 4 > json_text.size()) return std::nullopt;
    unsigned value = 0;
    for (std::size_t k = at; k < at + 4; ++k) {
      const char c = json_text[k];
      value <<= 4;
      if (c >= '0' && c <= '9') value |= static_cast<unsigned>(c - '0');
      else if (c >= 'a' && c <= 'f') value |= static_cast<unsigned>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') value |= static_cast<unsigned>(c - 'A' + 10);
      else return std::nullopt;
    }
    return value;
  };
  std::string out;
  bool changed = false;
  std::size_t copied = 0;
  for (std::size_t i = 0; i + 1 < json_text.size(); ++i) {
    if (json_text[i] != '\\') continue;
    if (json_text[i + 1] != 'u') {
      ++i;  // any other escape, "\\\\" included: its second character is not an escape's start
      continue;
    }
    const auto unit = hex4(i + 2);
    if (!unit) continue;
    const bool high = *unit >= 0xD800 && *unit <= 0xDBFF;
    const bool low = *unit >= 0xDC00 && *unit <= 0xDFFF;
    if (high && i + 11 < json_text.size() && json_text.substr(i + 6, 2) == "\\u") {
      const auto next = hex4(i + 8);
      if (next && *next >= 0xDC00 && *next <= 0xDFFF) {
        i += 11;  // a whole pair
        continue;
      }
    }
    if (high || low) {
      out.append(json_text.substr(copied, i - copied));
      out += "\\ufffd";
      copied = i + 6;
      changed = true;
    }
    i += 5;
  }
  if (!changed) return std::nullopt;
  out.append(json_text.substr(copied));
  return out;
}

}  // namespace jiaxiao::core
