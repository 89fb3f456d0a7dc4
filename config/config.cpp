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
#include "config/reader.hpp"

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

void read_admins(ObjectReader& root, Config& out, std::span<const PlatformSection> platforms) {
  root.strings("admins", out.admins);
  std::string names;
  for (const auto& section : platforms) names += (names.empty() ? "" : ", ") + section.name;
  for (std::size_t i = 0; i < out.admins.size(); ++i) {
    const std::string& admin = out.admins[i];
    const std::size_t colon = admin.find(':');
    const std::string platform = admin.substr(0, colon);
    const bool known = std::any_of(platforms.begin(), platforms.end(),
                                   [&](const PlatformSection& section) { return section.name == platform; });
    if (colon == std::string::npos || colon + 1 == admin.size() || !known)
      root.problems().push_back("admins[" + std::to_string(i) + "]: must be PLATFORM:USER with PLATFORM one of " + names);
  }
}
}  // namespace
std::vector<std::string> parse(const std::string& json_text, Config& out, std::span<const PlatformSection> platforms) {
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
    read_admins(root, out, platforms);
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
      r.integer("max_attempts", out.outbox.max_attempts, 0, 1000);
      r.duration("give_up_after", out.outbox.give_up_after);
      r.integer("replies_per_member_per_minute", out.outbox.replies_per_member_per_minute, 0, 1000);
      r.duration("retry_initial", out.outbox.retry_initial);
      r.duration("retry_max", out.outbox.retry_max);
      r.duration("poll_interval", out.outbox.poll_interval);
      r.duration("send_timeout", out.outbox.send_timeout);
      r.duration("window_wait", out.outbox.window_wait);
    });
    for (const auto& section : platforms) out.pacing.try_emplace(section.name, section.pace);
    root.object("pacing", [&](ObjectReader& pacing) {
      for (const auto& section : platforms) {
        if (!section.read) continue;  // a platform without a section of its own (the console) is not paced
        pacing.object(section.name, [&](ObjectReader& r) {
          PaceConfig& pace = out.pacing[section.name];
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
    root.object("roster", [&](ObjectReader& r) {
      r.integer("max_guardians", out.roster.max_guardians, 1, 20);
      std::string binding;
      r.text("binding", binding);
      using Binding = decltype(out.roster.binding);
      if (binding == "approve") out.roster.binding = Binding::approve;
      else if (binding == "code") r.problem("binding", "\"code\" (绑定码) is not available in this version yet; use \"approve\"");
      else if (binding == "open") out.roster.binding = Binding::open;
      else if (!binding.empty() || r.raw("binding") != nullptr) r.problem("binding", "must be \"approve\", \"code\" or \"open\"");
    });
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
      for (const auto& section : platforms) {
        if (section.read) p.object(section.name, [&](ObjectReader& r) { section.read(r, out); });
      }
    });
    for (std::size_t i = 0; i < out.visit.must_visit.size(); ++i) {
      const auto& c = out.visit.must_visit[i];
      if (std::find(out.visit.categories.begin(), out.visit.categories.end(), c) == out.visit.categories.end())
        problems.push_back("visit.must_visit[" + std::to_string(i) + "]: \"" + c + "\" is not in visit.categories");
    }
  }
  return problems;
}

Config load_file(const std::string& path, std::span<const PlatformSection> platforms) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw ConfigError({path + ": cannot be read"});
  std::stringstream content;
  content << file.rdbuf();
  Config config;
  auto problems = parse(content.str(), config, platforms);
  if (!problems.empty()) throw ConfigError(std::move(problems));
  // Secrets live in this file (or in the environment it names): others should not read it.
  const auto perms = std::filesystem::status(path).permissions();
  if ((perms & (std::filesystem::perms::group_all | std::filesystem::perms::others_all)) != std::filesystem::perms::none)
    core::log::warn("config_readable_by_others", "path", path, "fix", "chmod 600");
  return config;
}

Config load_default(const std::string& path, std::span<const PlatformSection> platforms) {
  if (!path.empty()) return load_file(path, platforms);
  if (std::filesystem::exists("config/jiaxiao.json")) return load_file("config/jiaxiao.json", platforms);
  return Config{};
}

bool is_loopback_host(const std::string& host) {
  // An IPv4 peer on a dual-stack socket reads as ::ffff:127.0.0.1.
  std::string_view h = host;
  for (std::string_view mapped : {"::ffff:", "::FFFF:"}) {
    if (h.substr(0, mapped.size()) == mapped) h.remove_prefix(mapped.size());
  }
  return h == "localhost" || h == "::1" || h == "0:0:0:0:0:0:0:1" || h.substr(0, 4) == "127.";
}

}  // namespace jiaxiao::config
