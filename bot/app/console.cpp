#include "bot/app/console.hpp"

#include <unistd.h>

#include <chrono>

#include "bot/adapters/console/format.hpp"
#include "bot/adapters/registry.hpp"
#include "bot/router/router.hpp"
#include "store/messages.hpp"
#include "store/outbox.hpp"

namespace jiaxiao::app {

namespace {

/// Prints and marks sent every console message that is due (this chat's replies, and console
/// pushes queued by other commands, marked with where they go).
void deliver_console_rows(store::Database& db, std::ostream& out, const core::Clock& clock, const core::ChatRef& here) {
  store::Outbox outbox(db.sql());
  for (;;) {
    const auto items = outbox.due(clock.now_ms(), 64, {adapters::console::name});
    if (items.empty()) return;
    for (const auto& item : items) {
      out << adapters::console::format_for_terminal(item.message, here) << std::flush;
      SQLite::Transaction transaction(db.sql());
      outbox.mark_sent(item, "", clock.now_ms());
      transaction.commit();
    }
  }
}

/// "@li" words become mentions of console user "li" (as a platform's at-segment would), the rest is text.
void take_mentions(const std::string& text, core::IncomingMessage& message) {
  std::string rest;
  std::size_t i = 0;
  while (i < text.size()) {
    const bool word_start = i == 0 || text[i - 1] == ' ' || text[i - 1] == '\n';
    if (word_start && text[i] == '@' && i + 1 < text.size() && text[i + 1] != ' ' && text[i + 1] != '\n') {
      std::size_t end = text.find_first_of(" \n", i);
      if (end == std::string::npos) end = text.size();
      message.mentions.push_back(text.substr(i + 1, end - i - 1));
      i = end;
      continue;
    }
    rest += text[i++];
  }
  message.text = rest;
}

}  // namespace

int run_console(const config::Config& config, const ConsoleOptions& options, std::istream& in, std::ostream& out,
                const core::Clock& clock) {
  store::Database db(config.database);
  handlers::Registry registry;
  handlers::register_all(registry, config);
  const core::Platforms platforms = adapters::platforms();
  router::Router router(registry, config, platforms, clock, config.outbox.replies_per_member_per_minute);
  router.process_pending(db);

  core::UserRef sender{adapters::console::name, "", ""};
  if (!options.as_user.empty()) {
    const auto colon = options.as_user.find(':');
    sender.platform = options.as_user.substr(0, colon);
    sender.id = colon == std::string::npos ? "" : options.as_user.substr(colon + 1);
  }
  if (sender.id.empty()) {
    const char* login = ::getlogin();
    sender.id = login != nullptr ? login : "me";
  }
  const core::ChatRef chat = options.private_chat ? core::ChatRef{sender.platform, core::ChatKind::private_chat, sender.id}
                                                 : core::ChatRef{adapters::console::name, core::ChatKind::group, options.group};
  // Console message ids only need to be unique: the process id and a counter within it.
  const std::string id_prefix =
      std::to_string(::getpid()) + "-" + std::to_string(clock.now_ms()) + "-";
  std::uint64_t counter = 0;

  if (options.prompt) out << "家校助手控制台 · " << (options.private_chat ? "私聊 " : "群 ") << chat.id << " · 身份 " << sender.platform << ":" << sender.id
                          << "\n输入 /帮助 查看命令，Ctrl-D 退出。\n";
  std::string line;
  for (;;) {
    if (options.prompt) out << "> " << std::flush;
    std::string text;
    bool got = false;
    while (std::getline(in, line)) {
      got = true;
      if (!line.empty() && line.back() == '\\') {
        text += line.substr(0, line.size() - 1) + "\n";
        if (options.prompt) out << "… " << std::flush;
        continue;
      }
      text += line;
      break;
    }
    if (!got) break;
    if (text.find_first_not_of(" \t\r\n") == std::string::npos) continue;
    core::IncomingMessage message;
    message.platform_message_id = id_prefix + std::to_string(++counter);
    message.chat = chat;
    message.sender = sender;
    take_mentions(text, message);
    message.sent_at_ms = clock.now_ms();
    store::IngestResult stored;
    {
      SQLite::Transaction transaction(db.sql(), SQLite::TransactionBehavior::IMMEDIATE);
      stored = store::Messages(db.sql()).insert_incoming(message, clock.now_ms());
      transaction.commit();
    }
    router.process(db, stored.message_id);
    deliver_console_rows(db, out, clock, chat);
  }
  if (options.prompt) out << "\n";
  return 0;
}

}  // namespace jiaxiao::app
