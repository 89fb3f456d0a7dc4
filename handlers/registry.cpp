#include "handlers/registry.hpp"

#include <algorithm>
#include <stdexcept>

#include "bot/core/text.hpp"

namespace jiaxiao::handlers {

std::string quote_input(std::string_view member_input) { return "“" + core::cut(member_input, 30) + "”"; }

std::int64_t Context::open_thread(const std::string& kind, const std::string& title,
                                  std::optional<std::int64_t> class_id) {
  store::ThreadRow thread;
  thread.kind = kind;
  thread.class_id = class_id;
  thread.chat = message.chat;
  thread.created_by = access.member_id;
  thread.title = title;
  return store::Threads(db.sql()).create(thread, clock.now_ms());
}

void Context::reply(std::string reply_text, std::optional<std::int64_t> thread) {
  core::OutgoingMessage out;
  out.chat = message.chat;
  out.text = std::move(reply_text);
  out.thread = thread;
  out.in_reply_to = message.platform_message_id;
  outgoing.push_back(std::move(out));
}

void Context::tell_sender(std::string note, bool or_in_group) {
  if (note.empty()) return;
  if (message.chat.kind == core::ChatKind::private_chat) return reply(std::move(note), tied_thread);
  if (here().private_to_group_member) {
    core::OutgoingMessage out;
    out.chat = {message.chat.platform, core::ChatKind::private_chat, message.sender.id};
    out.text = std::move(note);
    out.thread = tied_thread;
    return send(std::move(out));
  }
  if (or_in_group) reply(std::move(note), tied_thread);
}

void Registry::add(CommandSpec spec) {
  if (find(spec.name) != nullptr) throw std::logic_error("command registered twice: " + spec.name);
  for (const auto& alias : spec.aliases) {
    if (find(alias) != nullptr) throw std::logic_error("command alias registered twice: " + alias);
  }
  if (spec.permission == nullptr) spec.permission = permission_for(spec.name);
  if (spec.permission == nullptr) throw std::logic_error("command missing from the permission table: " + spec.name);
  commands_.push_back(std::move(spec));
}

void Registry::add_reply_kind(ReplyKind kind) {
  const auto at = std::find_if(reply_kinds_.begin(), reply_kinds_.end(), [&](const ReplyKind& k) { return k.order >= kind.order; });
  if (at != reply_kinds_.end() && at->order == kind.order)
    throw std::logic_error("reply kind " + kind.name + " takes the place of " + at->name);
  reply_kinds_.insert(at, std::move(kind));
}

const ReplyKind* Registry::reply_kind(ReplyOrder order) const {
  for (const auto& k : reply_kinds_) {
    if (k.order == order) return &k;
  }
  return nullptr;
}

void Registry::add_reminder_kind(ReminderKind kind) {
  if (reminder_kind(kind.kind) != nullptr) throw std::logic_error("reminder kind registered twice: " + kind.kind);
  reminder_kinds_.push_back(std::move(kind));
}

void Registry::add_cancel_hook(std::string kind, std::function<void(Context&, const store::ThreadRow&)> hook) {
  cancel_hooks_.emplace_back(std::move(kind), std::move(hook));
}

const std::function<void(Context&, const store::ThreadRow&)>* Registry::cancel_hook(std::string_view kind) const {
  for (const auto& [k, hook] : cancel_hooks_) {
    if (k == kind) return &hook;
  }
  return nullptr;
}

void Registry::add_summary(std::function<std::string(Context&)> summary) { summaries_.push_back(std::move(summary)); }

const ReminderKind* Registry::reminder_kind(std::string_view kind) const {
  for (const auto& k : reminder_kinds_) {
    if (k.kind == kind) return &k;
  }
  return nullptr;
}

const CommandSpec* Registry::find(std::string_view name) const {
  const std::string lower = core::ascii_lower(name);
  for (const auto& spec : commands_) {
    if (spec.name == name) return &spec;
    for (const auto& alias : spec.aliases) {
      if (core::ascii_lower(alias) == lower) return &spec;
    }
  }
  return nullptr;
}

std::optional<std::string> Registry::nearest(std::string_view name) const {
  std::optional<std::string> best;
  std::size_t best_distance = 0;
  const std::string lower = core::ascii_lower(name);
  auto consider = [&](const std::string& candidate) {
    const std::size_t d = core::edit_distance(lower, core::ascii_lower(candidate));
    if (!best || d < best_distance) {
      best = candidate;
      best_distance = d;
    }
  };
  for (const auto& spec : commands_) {
    consider(spec.name);
    for (const auto& alias : spec.aliases) consider(alias);
  }
  // A hint is only useful when most of the word is right: at most half of it differs.
  const std::size_t length = std::max<std::size_t>(core::utf8_length(name), 1);
  if (!best || best_distance * 2 > length) return std::nullopt;
  return best;
}

std::string usage_error(const CommandSpec& spec, std::string_view reason) {
  return std::string(reason) + "\n用法：" + spec.usage;
}

}  // namespace jiaxiao::handlers
