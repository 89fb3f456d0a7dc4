#pragma once
// What a platform can do, as far as a feature cares (shared/DESIGN.md "Platforms declare, features ask").
// Each adapter declares its Capabilities in bot/adapters/registry.cpp; handlers, the router and the
// store ask for a capability and never compare a platform's name.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace jiaxiao::core {

/// Whether the bot may post to a group on its own (a letter, a reminder), or only answer a member.
enum class GroupPush {
  any_time,       // OneBot, the console
  with_push_key,  // WeCom: only through a group robot's webhook key registered for the chat
  never,          // QQ official bot: passive replies only, inside an @-message's reply window
};

/// One platform's declared abilities. Plain data, fixed at start.
struct Capabilities {
  std::string name;                      // the platform's id in the database ("onebot", "wecom", …)
  bool hears_only_mentions = false;      // in a group the bot sees only messages that @-mention it
  GroupPush group_push = GroupPush::any_time;
  bool private_to_group_member = true;   // the bot can message a group member in private
  bool quotes_reach_bot = true;          // a quoted message's id (or its #N) reaches the bot
  std::string group_label = "群";        // how a teacher names a group there ("QQ群", "企业微信群")
  std::string people_label = "账号";     // how a person's id is named there ("QQ号", "企业微信账号")
  std::string bot_label = "机器人";      // how teachers know the bot there ("QQ 官方机器人")
  std::size_t text_limit = 0;            // bytes one message may carry (0: no limit); longer ones are split

  /// "QQ群 123": a group as a teacher reads it.
  std::string group_name(std::string_view chat_id) const { return group_label + " " + std::string(chat_id); }
};

/// The capabilities of every platform of this build, looked up by name. Immutable after construction;
/// safe to share between threads.
class Platforms {
 public:
  explicit Platforms(std::vector<Capabilities> platforms) : platforms_(std::move(platforms)) {}

  /// The platform's capabilities; an unknown name (a row from a platform since removed) gets the most
  /// careful ones: hears only @-messages, never pushes.
  const Capabilities& of(std::string_view name) const;
  /// Whether this build has a platform of that name.
  bool known(std::string_view name) const;
  /// Every platform's name, in registry order.
  std::vector<std::string> names() const;

 private:
  std::vector<Capabilities> platforms_;
};

}  // namespace jiaxiao::core
