#pragma once
// Reading one JSON object of the config: known keys into typed fields, every problem with its JSON path,
// keys nobody asked for reported as unknown when the reader ends. Used by config.cpp for the shared
// sections and by each platform's folder for its own `platforms.<name>` section.

#include <chrono>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace jiaxiao::config {

/// Walks one JSON object, reads known keys into the config and remembers the rest as unknown.
/// Never throws on bad values: each becomes a "path: reason" line in `problems`.
class ObjectReader {
 public:
  ObjectReader(const nlohmann::json& object, std::string path, std::vector<std::string>& problems)
      : object_(object), path_(std::move(path)), problems_(problems) {}
  /// Reports the keys no call asked for.
  ~ObjectReader();
  ObjectReader(const ObjectReader&) = delete;
  ObjectReader& operator=(const ObjectReader&) = delete;

  /// A string, `${NAME}` expanded from the environment.
  void text(const std::string& key, std::string& out);
  /// An id given as a string or as a whole number (`"agent_id": 1000002` as WeCom's console shows it).
  void id_text(const std::string& key, std::string& out);
  void boolean(const std::string& key, bool& out);
  /// A whole number within [min, max].
  template <class Int>
  void integer(const std::string& key, Int& out, long long min, long long max) {
    if (const nlohmann::json* v = find(key)) {
      if (!v->is_number_integer() || v->get<long long>() < min || v->get<long long>() > max) {
        problem(key, "must be a whole number from " + std::to_string(min) + " to " + std::to_string(max));
      } else {
        out = static_cast<Int>(v->get<long long>());
      }
    }
  }
  /// "30s", "90m", "3h", "2d".
  void duration(const std::string& key, std::chrono::milliseconds& out);
  /// A duration where "0s" (or "0ms", …) means off.
  void duration_or_off(const std::string& key, std::chrono::milliseconds& out);
  /// One duration or a list of them.
  void durations(const std::string& key, std::vector<std::chrono::milliseconds>& out);
  /// "HH:MM" as minutes since midnight.
  void clock_time(const std::string& key, int& out);
  void strings(const std::string& key, std::vector<std::string>& out);
  /// A nested object, read by `read` with paths below this one.
  void object(const std::string& key, const std::function<void(ObjectReader&)>& read);
  /// A key whose value the caller reads itself.
  const nlohmann::json* raw(const std::string& key) { return find(key); }
  /// This object's JSON path ("platforms.wecom").
  const std::string& path() const { return path_; }
  /// "platforms.wecom.token": the JSON path of a key of this object.
  std::string join(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }
  void problem(const std::string& key, const std::string& what) { problems_.push_back(join(key) + ": " + what); }
  std::vector<std::string>& problems() { return problems_; }
  /// A string value with ${NAME} expanded; reports and returns nullopt on a wrong type or unset variable.
  std::optional<std::string> as_string(const nlohmann::json& v, const std::string& path);

 private:
  const nlohmann::json* find(const std::string& key);
  bool read_duration(const nlohmann::json& v, const std::string& path, std::chrono::milliseconds& out,
                     bool zero_is_off = false);

  const nlohmann::json& object_;
  std::string path_;
  std::vector<std::string>& problems_;
  std::set<std::string> seen_;
};

/// Whether a URL starts with http:// or https://.
bool has_http_scheme(const std::string& url);

}  // namespace jiaxiao::config
