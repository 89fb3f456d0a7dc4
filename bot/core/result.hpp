#pragma once
// The result of parsing untrusted input (DESIGN rule 7): a value, or a reason. Never thrown.

#include <string>
#include <utility>
#include <variant>

namespace jiaxiao::core {

/// Why untrusted input was refused; `reason` is short and safe to log (no message text).
struct ParseError {
  std::string reason;
};

/// Either a T or a ParseError.
template <class T>
class Parsed {
 public:
  Parsed(T value) : data_(std::move(value)) {}                  // NOLINT: implicit by design
  Parsed(ParseError error) : data_(std::move(error)) {}         // NOLINT: implicit by design
  bool ok() const { return data_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() { return std::get<0>(data_); }
  const T& value() const { return std::get<0>(data_); }
  T& operator*() { return value(); }
  const T& operator*() const { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const std::string& error() const { return std::get<1>(data_).reason; }

 private:
  std::variant<T, ParseError> data_;
};

}  // namespace jiaxiao::core
