#include "config/config.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "bot/core/log.hpp"
#include "bot/core/zone.hpp"
#include "config/duration.hpp"

namespace jiaxiao::config {

using nlohmann::json;

ConfigError::ConfigError(std::vector<std::string> problems)
    : std::runtime_error([&] {
        std::string text = "invalid configuration:";
        for (const auto& p : problems) text += "\n  " + p;
        return text;
      }()),
      problems_(std::move(problems)) {}

namespace {

/// Walks one JSON object, reads known keys into the config and remembers the rest as unknown.
class ObjectReader {
 public:
  ObjectReader(const json& object, std::string path, std::vector<std::string>& problems)
      : object_(object), path_(std::move(path)), problems_(problems) {}

  ~ObjectReader() {
    if (!object_.is_object()) return;
    for (const auto& [key, value] : object_.items()) {
      if (!seen_.contains(key)) problems_.push_back(join(key) + ": unknown key");
    }
  }
  ObjectReader(const ObjectReader&) = delete;
  ObjectReader& operator=(const ObjectReader&) = delete;

  void text(const std::string& key, std::string& out) {
    if (const json* v = find(key)) {
      if (auto s = as_string(*v, join(key))) out = *s;
    }
  }
  void boolean(const std::string& key, bool& out) {
    if (const json* v = find(key)) {
      if (v->is_boolean()) out = v->get<bool>();
      else problem(key, "must be true or false");
    }
  }
  template <class Int>
  void integer(const std::string& key, Int& out, long long min, long long max) {
    if (const json* v = find(key)) {
      if (!v->is_number_integer() || v->get<long long>() < min || v->get<long long>() > max) {
        problem(key, "must be a whole number from " + std::to_string(min) + " to " + std::to_string(max));
      } else {
        out = static_cast<Int>(v->get<long long>());
      }
    }
  }
  void duration(const std::string& key, milliseconds& out) {
    if (const json* v = find(key)) read_duration(*v, join(key), out);
  }
  void durations(const std::string& key, std::vector<milliseconds>& out) {
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
  void clock_time(const std::string& key, int& out) {
    if (const json* v = find(key)) {
      auto s = as_string(*v, join(key));
      if (!s) return;
      if (auto minutes = parse_clock_time(*s)) out = *minutes;
      else problem(key, "must be a clock time \"HH:MM\", got \"" + *s + "\"");
    }
  }
  void strings(const std::string& key, std::vector<std::string>& out) {
    const json* v = find(key);
    if (v == nullptr) return;
    if (!v->is_array()) return problem(key, "must be a list of strings");
    std::vector<std::string> values;
    for (std::size_t i = 0; i < v->size(); ++i) {
      if (auto s = as_string((*v)[i], join(key) + "[" + std::to_string(i) + "]")) values.push_back(*s);
    }
    out = std::move(values);
  }
  void object(const std::string& key, const std::function<void(ObjectReader&)>& read) {
    const json* v = find(key);
    if (v == nullptr) return;
    if (!v->is_object()) return problem(key, "must be an object");
    ObjectReader inner(*v, join(key), problems_);
    read(inner);
  }
  /// A key whose value the caller reads itself.
  const json* raw(const std::string& key) { return find(key); }
  std::string join(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }
  void problem(const std::string& key, const std::string& what) { problems_.push_back(join(key) + ": " + what); }
  std::vector<std::string>& problems() { return problems_; }

  /// A string value with ${NAME} expanded; reports and returns nullopt on a wrong type or unset variable.
  std::optional<std::string> as_string(const json& v, const std::string& path) {
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

 private:
  const json* find(const std::string& key) {
    seen_.insert(key);
    if (!object_.is_object()) return nullptr;
    auto it = object_.find(key);
    return it == object_.end() ? nullptr : &*it;
  }
  bool read_duration(const json& v, const std::string& path, milliseconds& out) {
    auto s = as_string(v, path);
    if (!s) return false;
    auto parsed = parse_duration(*s);
    if (!parsed || parsed->count() <= 0) {
      problems_.push_back(path + ": must be a positive duration like \"30s\", \"90m\", \"3h\", \"2d\"; got \"" +
                          *s + "\"");
      return false;
    }
    out = *parsed;
    return true;
  }

  const json& object_;
  std::string path_;
  std::vector<std::string>& problems_;
  std::set<std::string> seen_;
};

bool starts_with_scheme(const std::string& url) {
  return url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0;
}

bool parse_month_day(const std::string& text, int& month, int& day) {
  if (text.size() != 5 || text[2] != '-') return false;
  auto digits = [&](std::size_t at, int& out) {
    return std::from_chars(text.data() + at, text.data() + at + 2, out).ptr == text.data() + at + 2;
  };
  if (!digits(0, month) || !digits(3, day)) return false;
  static constexpr int days_in_month[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month >= 1 && month <= 12 && day >= 1 && day <= days_in_month[month - 1];
}

void read_listen(ObjectReader& root, Config& out) {
  const json* v = root.raw("listen");
  if (v == nullptr) return;
  auto s = root.as_string(*v, "listen");
  if (!s) return;
  const std::size_t colon = s->rfind(':');
  unsigned port = 0;
  std::string host = colon == std::string::npos ? "" : s->substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  // No colon: no port to read (and no pointer arithmetic past the string).
  const char* first = colon == std::string::npos ? nullptr : s->data() + colon + 1;
  const char* last = s->data() + s->size();
  if (first == nullptr || host.empty() || first == last || std::from_chars(first, last, port).ptr != last ||
      port > 65535) {
    root.problem("listen", "must be \"HOST:PORT\" (port 0 picks a free one), got \"" + *s + "\"");
    return;
  }
  out.listen_host = host;
  out.listen_port = static_cast<std::uint16_t>(port);
}

void read_terms(ObjectReader& root, Config& out) {
  const json* v = root.raw("terms");
  if (v == nullptr) return;
  if (!v->is_array() || v->empty()) return root.problem("terms", "must be a non-empty list of {name,start,end}");
  std::vector<Term> terms;
  for (std::size_t i = 0; i < v->size(); ++i) {
    const std::string path = "terms[" + std::to_string(i) + "]";
    if (!(*v)[i].is_object()) {
      root.problems().push_back(path + ": must be an object {name,start,end}");
      continue;
    }
    Term term;
    std::string start, end;
    {
      ObjectReader t((*v)[i], path, root.problems());
      t.text("name", term.name);
      t.text("start", start);
      t.text("end", end);
    }
    bool ok = true;
    if (term.name.empty()) ok = false, root.problems().push_back(path + ".name: is required");
    if (!parse_month_day(start, term.start_month, term.start_day))
      ok = false, root.problems().push_back(path + ".start: must be a month and day \"MM-DD\"");
    if (!parse_month_day(end, term.end_month, term.end_day))
      ok = false, root.problems().push_back(path + ".end: must be a month and day \"MM-DD\"");
    if (ok) terms.push_back(term);
  }
  out.terms = std::move(terms);
}

void read_admins(ObjectReader& root, Config& out) {
  root.strings("admins", out.admins);
  for (std::size_t i = 0; i < out.admins.size(); ++i) {
    const std::string& admin = out.admins[i];
    const std::size_t colon = admin.find(':');
    const std::string platform = admin.substr(0, colon);
    if (colon == std::string::npos || colon + 1 == admin.size() ||
        (platform != "onebot" && platform != "wecom" && platform != "qq" && platform != "console")) {
      root.problems().push_back("admins[" + std::to_string(i) +
                                "]: must be PLATFORM:USER with PLATFORM onebot, wecom, qq or console");
    }
  }
}


/// An EncodingAESKey as WeCom shows it: 43 letters and digits (Base64 of a 32-byte AES key).
void check_aes_key(const std::string& path, const std::string& key, std::vector<std::string>& problems) {
  const bool alnum = std::all_of(key.begin(), key.end(), [](unsigned char c) { return std::isalnum(c) != 0; });
  if (key.size() != 43 || !alnum)
    problems.push_back(path + ": must be the 43 letters and digits WeCom shows (this one has " +
                       std::to_string(key.size()) + " characters" + (alnum ? "" : ", not all letters and digits") + ")");
}

/// A callback token: 1 to 32 letters and digits.
void check_token(const std::string& path, const std::string& token, std::vector<std::string>& problems) {
  const bool alnum = std::all_of(token.begin(), token.end(), [](unsigned char c) { return std::isalnum(c) != 0; });
  if (token.empty() || token.size() > 32 || !alnum) problems.push_back(path + ": must be 1 to 32 letters and digits");
}

/// WeCom, when enabled: at least one callback (the app's or the smart robot's) with sound keys, and the
/// app's sending credentials complete or absent.
void check_wecom(const WeComConfig& w, std::vector<std::string>& problems) {
  if (!w.enabled) return;
  const bool app = !w.token.empty() || !w.encoding_aes_key.empty();
  const bool robot = !w.bot.token.empty() || !w.bot.encoding_aes_key.empty();
  if (!app && !robot)
    problems.push_back("platforms.wecom: enabled but neither the app callback (token, encoding_aes_key, corp_id) "
                       "nor the smart robot callback (bot.token, bot.encoding_aes_key) is set");
  if (app) {
    check_token("platforms.wecom.token", w.token, problems);
    check_aes_key("platforms.wecom.encoding_aes_key", w.encoding_aes_key, problems);
    if (w.corp_id.empty()) problems.push_back("platforms.wecom.corp_id: needed to check the app callback's receiveid");
  }
  if (robot) {
    check_token("platforms.wecom.bot.token", w.bot.token, problems);
    check_aes_key("platforms.wecom.bot.encoding_aes_key", w.bot.encoding_aes_key, problems);
  }
  if (!w.secret.empty() || !w.agent_id.empty()) {
    if (w.corp_id.empty()) problems.push_back("platforms.wecom.corp_id: needed with secret and agent_id to send");
    if (w.secret.empty()) problems.push_back("platforms.wecom.secret: needed with agent_id to send private messages");
    const bool digits = !w.agent_id.empty() &&
                        std::all_of(w.agent_id.begin(), w.agent_id.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
    if (!digits) problems.push_back("platforms.wecom.agent_id: must be the app's AgentId (digits)");
  }
}
}  // namespace

std::vector<std::string> parse(const std::string& json_text, Config& out) {
  std::vector<std::string> problems;
  json document;
  try {
    document = json::parse(json_text);
  } catch (const json::parse_error& e) {
    problems.push_back(std::string("(file): not valid JSON: ") + e.what());
    return problems;
  }
  if (!document.is_object()) {
    problems.push_back("(file): must be a JSON object");
    return problems;
  }
  {
    ObjectReader root(document, "", problems);
    read_listen(root, out);
    root.text("database", out.database);
    root.text("timezone", out.timezone);
    if (!core::is_known_zone(out.timezone))
      root.problem("timezone", "\"" + out.timezone + "\" is not a time zone of the tz database (e.g. Asia/Shanghai)");
    root.text("log_level", out.log_level);
    root.text("templates_dir", out.templates_dir);
    if (out.log_level != "debug" && out.log_level != "info" && out.log_level != "warn" && out.log_level != "error")
      root.problem("log_level", "must be debug, info, warn or error");
    root.object("school", [&](ObjectReader& r) { r.text("name", out.school_name); });
    read_admins(root, out);
    root.object("quiet_hours", [&](ObjectReader& r) {
      r.clock_time("start", out.quiet_start_minute);
      r.clock_time("end", out.quiet_end_minute);
    });
    read_terms(root, out);
    root.object("notice", [&](ObjectReader& r) {
      r.duration("default_deadline", out.notice.default_deadline);
      r.duration("remind_after", out.notice.remind_after);
      r.clock_time("remind_daily_at", out.notice.remind_daily_at_minute);
      r.integer("max_reminders", out.notice.max_reminders, 0, 20);
      r.duration("min_remind_gap", out.notice.min_remind_gap);
    });
    root.object("meeting", [&](ObjectReader& r) {
      r.durations("remind_before", out.meeting.remind_before);
      r.boolean("committee_to_groups", out.meeting.committee_to_groups);
    });
    root.object("poll", [&](ObjectReader& r) { r.duration("remind_before", out.poll.remind_before); });
    root.object("outbox", [&](ObjectReader& r) {
      r.integer("max_attempts", out.outbox.max_attempts, 1, 100);
      r.duration("retry_initial", out.outbox.retry_initial);
      r.duration("retry_max", out.outbox.retry_max);
      r.duration("poll_interval", out.outbox.poll_interval);
      r.duration("send_timeout", out.outbox.send_timeout);
      r.duration("window_wait", out.outbox.window_wait);
    });
    root.object("pacing", [&](ObjectReader& pacing) {
      for (const char* platform : {"onebot", "wecom", "qq"}) {
        pacing.object(platform, [&](ObjectReader& r) {
          PaceConfig& pace = out.pacing[platform];
          r.integer("group_per_minute", pace.group_per_minute, 0, 6000);
          r.integer("person_per_minute", pace.person_per_minute, 0, 6000);
          r.integer("platform_per_minute", pace.platform_per_minute, 0, 60000);
          r.integer("burst", pace.burst, 1, 1000);
        });
      }
    });
    root.object("visit", [&](ObjectReader& r) {
      r.strings("categories", out.visit.categories);
      r.strings("must_visit", out.visit.must_visit);
    });
    root.object("roster", [&](ObjectReader& r) { r.integer("max_guardians", out.roster.max_guardians, 1, 20); });
    root.object("server", [&](ObjectReader& r) {
      r.integer("body_limit", out.server.body_limit, 1024, 64LL * 1024 * 1024);
      r.duration("read_timeout", out.server.read_timeout);
      r.duration("write_timeout", out.server.write_timeout);
      r.duration("idle_timeout", out.server.idle_timeout);
      r.integer("max_connections", out.server.max_connections, 1, 100000);
      r.integer("failed_signatures_per_minute", out.server.failed_signatures_per_minute, 0, 100000);
      r.text("real_ip_header", out.server.real_ip_header);
    });
    root.object("platforms", [&](ObjectReader& p) {
      p.object("onebot", [&](ObjectReader& r) {
        r.boolean("enabled", out.onebot.enabled);
        r.text("secret", out.onebot.secret);
        r.text("api_base", out.onebot.api_base);
        r.text("access_token", out.onebot.access_token);
      });
      p.object("wecom", [&](ObjectReader& r) {
        r.boolean("enabled", out.wecom.enabled);
        r.text("corp_id", out.wecom.corp_id);
        r.text("token", out.wecom.token);
        r.text("encoding_aes_key", out.wecom.encoding_aes_key);
        r.text("agent_id", out.wecom.agent_id);
        r.text("secret", out.wecom.secret);
        r.text("api_base", out.wecom.api_base);
        r.duration("timestamp_window", out.wecom.timestamp_window);
        r.object("bot", [&](ObjectReader& b) {
          b.text("token", out.wecom.bot.token);
          b.text("encoding_aes_key", out.wecom.bot.encoding_aes_key);
        });
      });
      p.object("qq", [&](ObjectReader& r) {
        r.boolean("enabled", out.qq.enabled);
        r.text("app_id", out.qq.app_id);
        r.text("secret", out.qq.secret);
        r.text("api_base", out.qq.api_base);
        r.text("token_url", out.qq.token_url);
        r.duration("timestamp_window", out.qq.timestamp_window);
      });
    });
    for (std::size_t i = 0; i < out.visit.must_visit.size(); ++i) {
      const auto& c = out.visit.must_visit[i];
      if (std::find(out.visit.categories.begin(), out.visit.categories.end(), c) == out.visit.categories.end())
        problems.push_back("visit.must_visit[" + std::to_string(i) + "]: \"" + c + "\" is not in visit.categories");
    }
    check_wecom(out.wecom, problems);
    if (out.qq.enabled && out.qq.secret.empty())
      problems.push_back("platforms.qq.secret: needed to check the callbacks' signatures (the bot's AppSecret)");
    if (out.qq.enabled && out.qq.app_id.empty())
      problems.push_back("platforms.qq.app_id: needed to get the access token (the bot's AppID)");
    for (const auto& [name, base] : {std::pair{"platforms.onebot.api_base", &out.onebot.api_base},
                                     std::pair{"platforms.wecom.api_base", &out.wecom.api_base},
                                     std::pair{"platforms.qq.api_base", &out.qq.api_base},
                                     std::pair{"platforms.qq.token_url", &out.qq.token_url}}) {
      if (!starts_with_scheme(*base)) problems.push_back(std::string(name) + ": must start with http:// or https://");
    }
  }
  return problems;
}

Config load_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw ConfigError({path + ": cannot be read"});
  std::stringstream content;
  content << file.rdbuf();
  Config config;
  auto problems = parse(content.str(), config);
  if (!problems.empty()) throw ConfigError(std::move(problems));
  // Secrets live in this file (or in the environment it names): others should not read it.
  const auto perms = std::filesystem::status(path).permissions();
  if ((perms & (std::filesystem::perms::group_all | std::filesystem::perms::others_all)) != std::filesystem::perms::none)
    core::log::warn("config_readable_by_others", "path", path, "fix", "chmod 600");
  return config;
}

Config load_default(const std::string& path) {
  if (!path.empty()) return load_file(path);
  if (std::filesystem::exists("config/jiaxiao.json")) return load_file("config/jiaxiao.json");
  return Config{};
}

bool is_loopback_host(const std::string& host) {
  return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

}  // namespace jiaxiao::config
