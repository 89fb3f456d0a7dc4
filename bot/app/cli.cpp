#include "bot/app/cli.hpp"

#include <fcntl.h>
#include <malloc.h>
#include <sys/stat.h>
#include <sys/resource.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <set>

#include "bot/adapters/registry.hpp"
#include "bot/app/app.hpp"
#include "bot/app/arguments.hpp"
#include "bot/app/outbox_cli.hpp"
#include "bot/app/people_cli.hpp"
#include "bot/app/console.hpp"
#include "bot/app/export.hpp"
#include "bot/core/log.hpp"
#include "bot/core/text.hpp"
#include "bot/core/time_expr.hpp"
#include "bot/core/zone.hpp"

namespace jiaxiao::app {

namespace {

constexpr const char* usage_text =
    "usage: jiaxiao <command> [--config FILE] [options]\n"
    "  serve                              the webhook server\n"
    "  console [--class C] [--as PLATFORM:USER] [--private]\n"
    "                                     chat with the bot in the terminal (same database)\n"
    "  check-config                       validate the config; every problem with its JSON path\n"
    "  db migrate | check | backup FILE   schema migrations, integrity check, online backup\n"
    "  class add NAME | link NAME PLATFORM:GROUP [--webhook-key KEY] [--committee] | list\n"
    "  role grant|revoke PLATFORM:USER ROLE [--class C] [--title T] | list [--class C]\n"
    "                                     ROLE: admin (no class) | teacher | chair | committee\n"
    "  roster import FILE.csv --class C | list --class C\n"
    "  outbox list [--failed|--pending] | retry ID|--failed\n"
    "                                     what did not go out yet; send failed messages again\n"
    "  time \"EXPR\" [--now ISO]              how a time expression is read (ISO 8601), or why it is refused\n"
    "  export WHAT [--class C] [--thread N] [--from DATE] [--to DATE] [--format csv|json] [--out FILE]\n"
    "        WHAT: messages notices acks meetings rsvps polls votes signups visits visit-stats mailbox\n"
    "        (messages: --private adds private chats; a filter a WHAT cannot apply is refused)\n"
    "  version\n"
    "--config FILE: default config/jiaxiao.json if present, else built-in defaults.\n";

}  // namespace

Arguments parse_arguments(int argc, char** argv) {
  static const std::set<std::string> with_value = {"config", "class", "as",  "format", "out",        "thread",
                                                   "from",   "to",    "now", "title",  "webhook-key"};
  Arguments args;
  for (int i = 1; i < argc; ++i) {
    std::string word = argv[i];
    if (word.rfind("--", 0) != 0 || word == "--") {
      args.words.push_back(word);
      continue;
    }
    std::string name = word.substr(2), value;
    const auto eq = name.find('=');
    if (eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
    } else if (with_value.contains(name)) {
      if (i + 1 >= argc) {
        args.error = "--" + name + " needs a value";
        return args;
      }
      value = argv[++i];
    }
    if (!with_value.contains(name) && name != "help" && name != "private" && name != "failed" && name != "pending" &&
        name != "committee") {
      args.error = "unknown option --" + name;
      return args;
    }
    args.options[name] = value;
  }
  return args;
}

int wrong_use(const std::string& reason) {
  std::cerr << "jiaxiao: " << reason << "\n" << usage_text;
  return 2;
}

namespace {

config::Config load(const Arguments& args) {
  auto config = adapters::load_config(args.option("config").value_or(""));
  core::log::Level level;
  if (core::log::parse_level(config.log_level, level)) core::log::set_level(level);
  return config;
}

/// glibc's defaults hand memory back to the kernel after each burst and map every block over 128 KiB
/// afresh; with the database thread and the io thread allocating side by side, that made page faults
/// and TLB shootdowns the largest cost of a webhook (perf, bench/README.md). Keep freed memory for
/// reuse instead: RSS stays near the peak of the last burst (bench/README.md: idle and peak RSS), but a burst costs no syscalls.
void tune_allocator() {
  mallopt(M_MMAP_THRESHOLD, 4 * 1024 * 1024);
  mallopt(M_TRIM_THRESHOLD, 256 * 1024 * 1024);
  mallopt(M_TOP_PAD, 64 * 1024 * 1024);
}

/// Raises the soft limit on open files to the hard one (systemd and shells often start at 1024) and warns
/// when `server.max_connections` and the database still may not fit in it.
void raise_file_limit(int max_connections) {
  rlimit files{};
  if (getrlimit(RLIMIT_NOFILE, &files) != 0) return;
  if (files.rlim_cur < files.rlim_max) {
    files.rlim_cur = files.rlim_max;
    setrlimit(RLIMIT_NOFILE, &files);
    getrlimit(RLIMIT_NOFILE, &files);
  }
  // Connections, their platform calls, the database with its WAL and shm, logs: 64 spare is generous.
  constexpr rlim_t spare = 64;
  if (files.rlim_cur != RLIM_INFINITY && static_cast<rlim_t>(max_connections) + spare > files.rlim_cur)
    core::log::warn("file_limit_low", "open_files", files.rlim_cur, "max_connections", max_connections, "fix",
                    "lower server.max_connections or raise LimitNOFILE");
}

int serve(const Arguments& args) {
  tune_allocator();
  const auto config = load(args);
  raise_file_limit(config.server.max_connections);
  boost::asio::io_context io(1);
  core::SystemClock clock;
  App app(config, io, clock);
  app.start();
  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code& ec, int signal) {
    if (ec) return;
    core::log::info("signal", "number", signal);
    app.stop([&io] { io.stop(); });
  });
  io.run();
  return 0;
}

int check_config(const Arguments& args) {
  const std::string path = args.option("config").value_or("");
  config::Config config;
  try {
    config = adapters::load_config(path);
  } catch (const config::ConfigError& e) {
    for (const auto& problem : e.problems()) std::cerr << problem << "\n";
    return 1;
  }
  for (const auto& warning : adapters::config_warnings(config)) std::cerr << "注意：" << warning << "\n";
  std::cout << "ok: " << (path.empty() ? "config/jiaxiao.json or built-in defaults" : path) << "\n";
  return 0;
}

int db_command(const Arguments& args) {
  if (args.words.size() < 2) return wrong_use("db needs migrate, check or backup FILE");
  const std::string& what = args.words[1];
  const auto config = load(args);
  if (what == "migrate") {
    store::Database db(config.database, false);
    const int applied = db.migrate();
    std::cout << "applied " << applied << " migration(s); schema version " << db.schema_version() << "\n";
    return 0;
  }
  if (what == "check") {
    store::Database db(config.database, false);
    const std::string result = db.check();
    std::cout << result << (result == "ok" ? "\n" : "");
    return result == "ok" ? 0 : 1;
  }
  if (what == "backup") {
    if (args.words.size() < 3) return wrong_use("db backup needs a FILE");
    store::Database db(config.database, false);
    db.backup_to(args.words[2]);
    std::cout << "backed up " << config.database << " to " << args.words[2] << "\n";
    return 0;
  }
  return wrong_use("unknown db command " + what);
}

/// Writes `text` to `path` for this user only (0600), never through a symlink: an export holds families'
/// data. An existing file is replaced in place, its mode made 0600 too.
bool write_private_file(const std::string& path, const std::string& text, std::string& error) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) {
    error = errno == ELOOP ? "是一个符号链接，不会写入" : std::strerror(errno);
    return false;
  }
  bool ok = ::fchmod(fd, 0600) == 0;
  for (std::size_t done = 0; ok && done < text.size();) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    ok = n > 0;
    if (ok) done += static_cast<std::size_t>(n);
  }
  if (!ok) error = std::strerror(errno);
  ok = (::close(fd) == 0) && ok;
  return ok;
}

int export_command(const Arguments& args) {
  if (args.words.size() != 2) return wrong_use("export 需要一个 WHAT，例如：jiaxiao export acks --thread 12");
  const std::string& what = args.words[1];
  const auto& known = exportable();
  if (std::find(known.begin(), known.end(), what) == known.end())
    return wrong_use("不能导出 " + what + "；可以导出：" + core::join(known, " "));
  const std::string format = args.option("format").value_or("csv");
  if (format != "csv" && format != "json") return wrong_use("--format 只能是 csv 或 json");
  ExportFilter filter;
  filter.class_name = args.option("class");
  filter.from_date = args.option("from");
  filter.to_date = args.option("to");
  filter.include_private = args.options.contains("private");
  if (auto thread = args.option("thread")) {
    long long n = 0;
    std::string digits = *thread;
    if (!digits.empty() && digits.front() == '#') digits.erase(0, 1);
    if (digits.empty() || std::from_chars(digits.data(), digits.data() + digits.size(), n).ptr != digits.data() + digits.size() || n <= 0)
      return wrong_use("--thread 应是事项编号，例如 12 或 #12");
    filter.thread = n;
  }
  if (auto refused = refused_filter(what, filter)) return wrong_use(*refused);
  const auto config = load(args);
  store::Database db(config.database);
  ExportTable table;
  try {
    table = export_table(db, config, what, filter, core::SystemClock().now_ms());
  } catch (const std::invalid_argument& e) {
    std::cerr << "jiaxiao: " << e.what() << "\n";
    return 1;
  }
  const std::string text = format == "csv" ? to_csv(table) : to_json(table);
  if (auto out = args.option("out")) {
    std::string error;
    if (!write_private_file(*out, text, error)) {
      std::cerr << "jiaxiao: 无法写入 " << *out << "：" << error << "\n";
      return 1;
    }
    std::cerr << "已导出 " << table.rows.size() << " 行到 " << *out << "\n";
  } else {
    std::cout << text;
  }
  return 0;
}

/// "2026-11-23T10:00[:SS][Z|+08:00]" (no offset: the school's zone) → Unix ms.
std::optional<std::int64_t> parse_now(const std::string& text, const std::string& zone) {
  if (text.size() < 16 || text[10] != 'T') return std::nullopt;
  auto midnight = core::local_midnight_ms(text.substr(0, 10), zone);
  int hour = 0, minute = 0, second = 0;
  std::size_t pos = 16;
  if (!midnight || std::from_chars(text.data() + 11, text.data() + 13, hour).ptr != text.data() + 13 ||
      text[13] != ':' || std::from_chars(text.data() + 14, text.data() + 16, minute).ptr != text.data() + 16)
    return std::nullopt;
  if (text.size() >= 19 && text[16] == ':') {
    if (std::from_chars(text.data() + 17, text.data() + 19, second).ptr != text.data() + 19) return std::nullopt;
    pos = 19;
  }
  if (hour > 23 || minute > 59 || second > 59) return std::nullopt;  // 99:99 is no time, not four days later
  std::int64_t ms = *midnight + ((hour * 60LL + minute) * 60 + second) * 1000;
  const std::string offset = text.substr(pos);
  if (offset.empty()) return ms;
  // An explicit offset: the wall time is in that offset, not the school's zone.
  auto utc_midnight = core::local_midnight_ms(text.substr(0, 10), "UTC");
  ms = *utc_midnight + ((hour * 60LL + minute) * 60 + second) * 1000;
  if (offset == "Z") return ms;
  int oh = 0, om = 0;
  if (offset.size() != 6 || (offset[0] != '+' && offset[0] != '-') || offset[3] != ':' ||
      std::from_chars(offset.data() + 1, offset.data() + 3, oh).ptr != offset.data() + 3 ||
      std::from_chars(offset.data() + 4, offset.data() + 6, om).ptr != offset.data() + 6)
    return std::nullopt;
  if (oh > 14 || om > 59) return std::nullopt;
  const std::int64_t shift = (oh * 60LL + om) * 60 * 1000;
  return offset[0] == '+' ? ms - shift : ms + shift;
}

int time_command(const Arguments& args) {
  if (args.words.size() != 2) return wrong_use("time needs one expression in quotes, e.g. jiaxiao time \"明天下午3点\"");
  const auto config = load(args);
  core::SystemClock clock;
  std::int64_t now = clock.now_ms();
  if (auto given = args.option("now")) {
    auto parsed = parse_now(*given, config.timezone);
    if (!parsed) return wrong_use("--now 应是 ISO 8601 时间，例如 2026-11-23T10:00 或 2026-11-23T10:00:00+08:00：" + *given);
    now = *parsed;
  }
  auto reading = core::read_time(args.words[1], now, config.timezone, core::TimeUse::deadline);
  if (!reading) {
    std::cerr << reading.error() << "\n";
    return 1;
  }
  std::cout << core::iso_in_zone(reading->at_ms, config.timezone) << "\t" << reading->echo << "\n";
  return 0;
}

int console_command(const Arguments& args) {
  const auto config = load(args);
  ConsoleOptions options;
  if (auto c = args.option("class")) options.group = *c;
  if (auto as = args.option("as")) {
    const auto colon = as->find(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == as->size())
      return wrong_use("--as must be PLATFORM:USER, e.g. console:wang");
    options.as_user = *as;
  }
  options.prompt = ::isatty(STDIN_FILENO) != 0;
  options.private_chat = args.options.contains("private");
  core::SystemClock clock;
  return run_console(config, options, std::cin, std::cout, clock);
}

}  // namespace

int run_cli(int argc, char** argv) {
  const Arguments args = parse_arguments(argc, argv);
  if (!args.error.empty()) return wrong_use(args.error);
  if (args.words.empty() || args.options.contains("help") || args.words.front() == "help") {
    std::cout << usage_text;
    return args.words.empty() && !args.options.contains("help") ? 2 : 0;
  }
  const std::string& command = args.words.front();
  // Each subcommand takes its own options: one it does not take is refused, never ignored (SPEC §5).
  static const std::map<std::string, std::set<std::string>> takes = {
      {"serve", {}},
      {"console", {"class", "as", "private"}},
      {"check-config", {}},
      {"db", {}},
      {"export", {"class", "thread", "from", "to", "format", "out", "private"}},
      {"class", {"webhook-key", "committee"}},
      {"role", {"class", "title"}},
      {"roster", {"class"}},
      {"time", {"now"}},
      {"outbox", {"failed", "pending"}},
      {"version", {}},
  };
  if (const auto found = takes.find(command); found != takes.end()) {
    for (const auto& [name, value] : args.options) {
      if (name != "config" && !found->second.contains(name))
        return wrong_use("jiaxiao " + command + " 不接受 --" + name);
    }
  }
  try {
    if (command == "serve") return serve(args);
    if (command == "console") return console_command(args);
    if (command == "check-config") return check_config(args);
    if (command == "db") return db_command(args);
    if (command == "export") return export_command(args);
    if (command == "class") return class_command(args, load(args));
    if (command == "role") return role_command(args, load(args));
    if (command == "roster") return roster_command(args, load(args));
    if (command == "time") return time_command(args);
    if (command == "outbox") return outbox_command(args, load(args));
    if (command == "version") {
      std::cout << "jiaxiao 0.1.0\n";
      return 0;
    }
  } catch (const config::ConfigError& e) {
    std::cerr << "jiaxiao: " << e.what() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "jiaxiao: " << e.what() << "\n";
    return 1;
  }
  return wrong_use("unknown command " + command);
}

}  // namespace jiaxiao::app
