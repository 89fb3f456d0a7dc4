#include "config/reader.hpp"

#include <cstdlib>

#include "config/duration.hpp"

namespace jiaxiao::config {

using nlohmann::json;
using std::chrono::milliseconds;

ObjectReader::~ObjectReader() {
  if (!object_.is_object()) return;
  for (const auto& [key, value] : object_.items()) {
    if (!seen_.contains(key)) problems_.push_back(join(key) + ": unknown key");
  }
}

void ObjectReader::text(const std::string& key, std::string& out) {
  if (const json* v = find(key)) {
    if (auto s = as_string(*v, join(key))) out = *s;
  }
}

void ObjectReader::id_text(const std::string& key, std::string& out) {
  const json* v = find(key);
  if (v == nullptr) return;
  if (v->is_number_unsigned() || (v->is_number_integer() && v->get<long long>() >= 0)) {
    out = v->dump();
  } else if (auto s = as_string(*v, join(key))) {
    out = *s;
  }
}

void ObjectReader::boolean(const std::string& key, bool& out) {
  if (const json* v = find(key)) {
    if (v->is_boolean()) out = v->get<bool>();
    else problem(key, "must be true or false");
  }
}

void ObjectReader::duration(const std::string& key, milliseconds& out) {
  if (const json* v = find(key)) read_duration(*v, join(key), out);
}

void ObjectReader::duration_or_off(const std::string& key, milliseconds& out) {
  if (const json* v = find(key)) read_duration(*v, join(key), out, true);
}

void ObjectReader::durations(const std::string& key, std::vector<milliseconds>& out) {
  const json* v = find(key);
  if (v == nullptr) return;
  if (v->is_string()) {
    milliseconds one{};
    if (read_duration(*v, join(key), one)) out = {one};
    return;
  }
  if (!v->is_array()) return problem(key, "must be a duration or a list of durations");
  std::vector<milliseconds> values;
  for (std::size_t i = 0; i < v->size(); ++i) {
    milliseconds one{};
    if (read_duration((*v)[i], join(key) + "[" + std::to_string(i) + "]", one)) values.push_back(one);
  }
  out = std::move(values);
}

void ObjectReader::clock_time(const std::string& key, int& out) {
  if (const json* v = find(key)) {
    auto s = as_string(*v, join(key));
    if (!s) return;
    if (auto minutes = parse_clock_time(*s)) out = *minutes;
    else problem(key, "must be a clock time \"HH:MM\", got \"" + *s + "\"");
  }
}

void ObjectReader::strings(const std::string& key, std::vector<std::string>& out) {
  const json* v = find(key);
  if (v == nullptr) return;
  if (!v->is_array()) return problem(key, "must be a list of strings");
  std::vector<std::string> values;
  for (std::size_t i = 0; i < v->size(); ++i) {
    if (auto s = as_string((*v)[i], join(key) + "[" + std::to_string(i) + "]")) values.push_back(*s);
  }
  out = std::move(values);
}

void ObjectReader::object(const std::string& key, const std::function<void(ObjectReader&)>& read) {
  const json* v = find(key);
  if (v == nullptr) return;
  if (!v->is_object()) return problem(key, "must be an object");
  ObjectReader inner(*v, join(key), problems_);
  read(inner);
}

std::optional<std::string> ObjectReader::as_string(const json& v, const std::string& path) {
  if (!v.is_string()) {
    problems_.push_back(path + ": must be a string");
    return std::nullopt;
  }
  const std::string raw = v.get<std::string>();
  std::string out;
  for (std::size_t i = 0; i < raw.size();) {
    if (raw.compare(i, 2, "${") == 0) {
      const std::size_t close = raw.find('}', i + 2);
      if (close == std::string::npos) {
        problems_.push_back(path + ": unclosed ${ in string");
        return std::nullopt;
      }
      const std::string name = raw.substr(i + 2, close - i - 2);
      const char* value = name.empty() ? nullptr : std::getenv(name.c_str());
      if (value == nullptr) {
        problems_.push_back(path + ": environment variable " + name + " is not set");
        return std::nullopt;
      }
      out += value;
      i = close + 1;
    } else {
      out += raw[i++];
    }
  }
  return out;
}

const json* ObjectReader::find(const std::string& key) {
  seen_.insert(key);
  if (!object_.is_object()) return nullptr;
  auto it = object_.find(key);
  return it == object_.end() ? nullptr : &*it;
}

bool ObjectReader::read_duration(const json& v, const std::string& path, milliseconds& out, bool zero_is_off) {
  auto s = as_string(v, path);
  if (!s) return false;
  auto parsed = parse_duration(*s);
  if (!parsed || parsed->count() < 0 || (parsed->count() == 0 && !zero_is_off)) {
    problems_.push_back(path + ": must be a " + (zero_is_off ? "duration (\"0s\": off)" : "positive duration") +
                        " like \"30s\", \"90m\", \"3h\", \"2d\"; got \"" + *s + "\"");
    return false;
  }
  out = *parsed;
  return true;
}

bool has_http_scheme(const std::string& url) { return url.starts_with("http://") || url.starts_with("https://"); }

}  // namespace jiaxiao::config
