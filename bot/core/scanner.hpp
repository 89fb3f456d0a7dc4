#pragma once
// A cursor over chat text that reads words and numbers, Chinese numerals included: what the time reader
// (time_expr.cpp) scans with.

#include <algorithm>
#include <array>
#include <cstddef>
#include <string_view>
#include <vector>

namespace jiaxiao::core {

/// A cursor over normalised UTF-8 text (core::normalise), for readers of short Chinese expressions.
/// Never throws; a failed match consumes nothing.
class Scanner {
 public:
  explicit Scanner(std::string_view text) : s_(text) {}

  std::size_t pos() const { return pos_; }
  void reset(std::size_t to) { pos_ = to; }
  bool done() const { return pos_ >= s_.size(); }
  std::string_view rest() const { return s_.substr(pos_); }

  bool match(std::string_view word) {
    if (s_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }
  template <std::size_t N>
  int match_any(const std::array<std::string_view, N>& words) {
    for (std::size_t i = 0; i < N; ++i) {
      if (match(words[i])) return static_cast<int>(i);
    }
    return -1;
  }
  void skip_spaces() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t')) ++pos_;
  }
  bool peek_digit() const { return pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9'; }

  /// ASCII digits, at most `max_digits`; false (nothing consumed) when none.
  bool ascii_number(int& value, std::size_t max_digits = 4) {
    std::size_t end = pos_;
    while (end < s_.size() && end - pos_ < max_digits && s_[end] >= '0' && s_[end] <= '9') ++end;
    if (end == pos_) return false;
    if (end < s_.size() && s_[end] >= '0' && s_[end] <= '9') return false;  // longer than allowed
    value = 0;
    for (std::size_t i = pos_; i < end; ++i) value = value * 10 + (s_[i] - '0');
    pos_ = end;
    return true;
  }

  /// Chinese numerals 零〇一二两三四五六七八九十 up to 99 ("十五", "二十四", "零五"), or ASCII digits.
  bool number(int& value) {
    if (ascii_number(value, 4)) return true;
    static constexpr std::array<std::string_view, 12> digits = {"零", "〇", "一", "二", "两", "三",
                                                                 "四", "五", "六", "七", "八", "九"};
    static constexpr int digit_values[] = {0, 0, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9};
    const std::size_t start = pos_;
    std::vector<int> seen;  // digits, with -1 for 十
    for (;;) {
      if (match("十")) {
        seen.push_back(-1);
        continue;
      }
      const int d = match_any(digits);
      if (d < 0) break;
      seen.push_back(digit_values[d]);
    }
    if (seen.empty()) return false;
    const auto ten = std::find(seen.begin(), seen.end(), -1);
    if (ten == seen.end()) {  // "二零二六", "零五", "三"
      value = 0;
      for (int d : seen) value = value * 10 + d;
      if (seen.size() > 4) return reset_false(start);
      return true;
    }
    const auto before = ten - seen.begin();
    const auto after = seen.end() - ten - 1;
    if (before > 1 || after > 1 || std::count(seen.begin(), seen.end(), -1) > 1) return reset_false(start);
    value = (before == 0 ? 1 : seen.front()) * 10 + (after == 0 ? 0 : seen.back());
    return true;
  }

 private:
  bool reset_false(std::size_t to) {
    pos_ = to;
    return false;
  }
  std::string_view s_;
  std::size_t pos_ = 0;
};

}  // namespace jiaxiao::core
