#pragma once
// The configuration of SPEC §6: one JSON file, `${NAME}` replaced from the environment, every key
// optional with a built-in default, unknown keys and bad values reported with their JSON path.

#include <chrono>
#include <cstdint>
#include <any>
#include <functional>
#include <map>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace jiaxiao::config {

using std::chrono::milliseconds;

/// A school term, recurring every year: start and end as month and day ("09-01").
struct Term {
  std::string name;
  int start_month = 9, start_day = 1, end_month = 1, end_day = 31;
};

/// Sending pace of one platform, messages per minute (0: no limit); `burst` may go at once.
struct PaceConfig {
  int group_per_minute = 20;
  int person_per_minute = 20;
  int platform_per_minute = 0;
  int burst = 5;
};

/// What features may read (handlers get this, never the whole Config): the school's calendar, quiet
/// hours, people and each feature's own section. No secrets, no addresses.
struct Settings {
  std::string timezone = "Asia/Shanghai";
  std::string templates_dir;  // letter templates; empty: templates/zh_CN here, else the source tree's
  std::string school_name;
  std::vector<std::string> admins;  // PLATFORM:USER

  int quiet_start_minute = 21 * 60 + 30;
  int quiet_end_minute = 7 * 60 + 30;
  std::vector<Term> terms = {{"第一学期", 9, 1, 1, 31}, {"第二学期", 2, 1, 7, 31}};

  struct {
    milliseconds default_deadline = std::chrono::hours(24);
    milliseconds remind_after = std::chrono::hours(3);
    int remind_daily_at_minute = 19 * 60;
    int max_reminders = 3;
    milliseconds min_remind_gap = std::chrono::minutes(30);
  } notice;
  struct {
    std::vector<milliseconds> remind_before = {std::chrono::hours(24), std::chrono::hours(1)};
    bool committee_to_groups = false;  // 家委会会议: also to the parents' groups (SPEC §2.2 says committee only)
  } meeting;
  struct {
    milliseconds remind_before = std::chrono::hours(2);
  } poll;
  struct {
    std::vector<std::string> categories = {"经常违纪", "成绩明显下降", "家庭重大变故", "情绪异常", "单亲家庭",
                                           "留守儿童", "学困生", "特长生", "新生", "其他"};
    std::vector<std::string> must_visit = {"经常违纪", "成绩明显下降", "家庭重大变故", "情绪异常",
                                           "单亲家庭", "留守儿童", "学困生", "特长生"};
  } visit;
  struct {
    int max_guardians = 4;
    /// How /绑定 takes effect (SPEC §1.1): a teacher approves (default), a 绑定码 from the roster, or at once.
    enum class Binding { approve, code, open } binding = Binding::approve;
  } roster;
};

/// Everything configurable; a default-constructed Config is the built-in defaults. The platforms'
/// own sections are kept by name, each of the type its adapter folder declares (bot/adapters/<name>/
/// config.hpp), so this file knows no platform.
struct Config : Settings {
  std::string listen_host = "127.0.0.1";
  std::uint16_t listen_port = 8080;
  std::string database = "data/jiaxiao.db";
  std::string log_level = "info";

  struct {
    int max_attempts = 0;  // 0: no limit by count; give_up_after decides
    milliseconds give_up_after = std::chrono::hours(24);
    int replies_per_member_per_minute = 3;  // answers to one member in one group (teachers, chairs, admins: no limit)
    milliseconds retry_initial = std::chrono::seconds(2);
    milliseconds retry_max = std::chrono::minutes(10);
    milliseconds poll_interval = std::chrono::seconds(2);  // picks up rows written by the CLI/console
    milliseconds send_timeout = std::chrono::seconds(15);
    // A message to a chat the platform lets the bot answer only inside reply windows (QQ official, a
    // WeCom group without a robot webhook key) is given up after waiting this long for one.
    milliseconds window_wait = std::chrono::hours(72);
  } outbox;
  struct {
    std::size_t body_limit = 256 * 1024;
    milliseconds read_timeout = std::chrono::seconds(15);
    milliseconds write_timeout = std::chrono::seconds(15);
    milliseconds idle_timeout = std::chrono::seconds(60);
    int max_connections = 512;
    /// Failed signatures one client address may send in a minute before it gets 429 (0: no limit).
    int failed_signatures_per_minute = 20;
    /// Header naming the client's address when the peer is loopback (a local TLS proxy); "" to ignore.
    std::string real_ip_header = "X-Real-IP";
  } server;

  /// Sending pace by platform, as configured; a platform missing here goes at the pace its registry
  /// entry declares (bot/adapters/registry.cpp).
  std::map<std::string, PaceConfig> pacing;

  /// The platform's section, created with its built-in defaults when not configured. `T` is the
  /// type that platform's folder declares; asking with another type is a programming error (throws
  /// std::bad_any_cast).
  template <class T>
  T& platform(const std::string& name) {
    auto [at, added] = platforms_.try_emplace(name);
    if (added) at->second = T{};
    return std::any_cast<T&>(at->second);
  }
  /// The platform's section as configured, or its built-in defaults.
  template <class T>
  T platform(const std::string& name) const {
    const auto at = platforms_.find(name);
    return at == platforms_.end() ? T{} : std::any_cast<const T&>(at->second);
  }

 private:
  std::map<std::string, std::any> platforms_;
};

/// A platform's part in reading the config: its name (for `admins`, `pacing`), its default pace and
/// the reader of its `platforms.<name>` section (none for platforms without one, like the console).
/// Given by the adapter registry; config.cpp has no platform list of its own.
class ObjectReader;

struct PlatformSection {
  std::string name;
  PaceConfig pace;
  std::function<void(ObjectReader&, Config&)> read;
};

/// Thrown by load(): every problem found, each "json.path: reason".
class ConfigError : public std::runtime_error {
 public:
  explicit ConfigError(std::vector<std::string> problems);
  const std::vector<std::string>& problems() const { return problems_; }

 private:
  std::vector<std::string> problems_;
};

/// Reads a config from JSON text into `out` (starting from defaults); returns the problems found,
/// empty when valid. `${NAME}` is expanded from the environment. Never throws.
std::vector<std::string> parse(const std::string& json_text, Config& out, std::span<const PlatformSection> platforms);

/// Reads the file; throws ConfigError listing every problem (or that the file cannot be read).
Config load_file(const std::string& path, std::span<const PlatformSection> platforms);

/// The config `serve` and every subcommand use: `path` if given; else config/jiaxiao.json if it
/// exists; else built-in defaults. Throws ConfigError.
Config load_default(const std::string& path, std::span<const PlatformSection> platforms);

/// True when the host is a loopback address (127.0.0.0/8, ::1, localhost).
bool is_loopback_host(const std::string& host);

}  // namespace jiaxiao::config
