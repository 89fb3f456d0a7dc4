#pragma once
// Drives the router like a group chat would, on a temporary database with a fake clock: store a
// message, act on it, read back the bot's new replies. For handler tests.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "bot/adapters/registry.hpp"
#include "bot/router/reminder_firer.hpp"
#include "bot/router/router.hpp"
#include "store/messages.hpp"
#include "store/outbox.hpp"
#include "tests/support/fake_clock.hpp"
#include "tests/support/temp_dir.hpp"

namespace jiaxiao::testing {

class ChatHarness {
 public:
  explicit ChatHarness(config::Config config = {}) : config_(std::move(config)) {
    handlers::register_all(registry_, config_);
  }

  /// `user` says `text` (mentions given as ids) in `chat`; returns the texts the bot queued in answer.
  std::vector<std::string> say(const std::string& user, const std::string& text,
                               std::vector<std::string> mentions = {}, const core::ChatRef* chat = nullptr) {
    core::IncomingMessage m;
    m.platform_message_id = std::to_string(++sequence_);
    m.chat = chat != nullptr ? *chat : group;
    m.sender = {m.chat.platform, user, user};
    m.text = text;
    m.mentions = std::move(mentions);
    m.reply_to = std::exchange(quote_next, std::nullopt);
    const auto id = store::Messages(db.sql()).insert_incoming(m, clock.now_ms());
    router_.process(db, id.message_id);
    std::vector<std::string> replies;
    for (const auto& item : deliver()) replies.push_back(item.message.text);
    return replies;
  }
  /// Outbox rows due by now (+1 ms), marked sent with the platform id "bot-<outbox id>" (for quoting):
  /// what the platforms would receive now.
  std::vector<store::OutboxItem> deliver() {
    store::Outbox outbox(db.sql());
    auto items = outbox.due(clock.now_ms() + 1, 1000);
    for (const auto& item : items) outbox.mark_sent(item, "bot-" + std::to_string(item.id), clock.now_ms());
    return items;
  }
  router::Router& router() { return router_; }
  router::ReminderFirer& reminders() { return reminders_; }
  const config::Config& config() const { return config_; }
  /// The single reply to a message (empty when there was none).
  std::string reply(const std::string& user, const std::string& text, std::vector<std::string> mentions = {},
                    const core::ChatRef* chat = nullptr) {
    auto replies = say(user, text, std::move(mentions), chat);
    return replies.empty() ? std::string() : replies.front();
  }

  const core::ChatRef group{"onebot", core::ChatKind::group, "987654321"};
  /// The platform id of a bot message the next say() quotes (a reply by quoting), then cleared.
  std::optional<std::string> quote_next;
  TempDir dir;
  store::Database db{dir.file("j.db")};
  FakeClock clock;

 private:
  config::Config config_;
  handlers::Registry registry_;
  core::Platforms platforms_ = adapters::platforms();
  router::Router router_{registry_, config_, platforms_, clock};
  router::ReminderFirer reminders_{registry_, config_, platforms_, clock};
  int sequence_ = 0;
};

}  // namespace jiaxiao::testing
