// The reply reader (SPEC §2.1): any text from any member, in the group or in private, quoting a bot
// message or not, read on a class with a letter, two meetings, a poll and a sign-up open, through the
// real router and store. Also the word readers alone and as_typed(). Checks: no handler ever fails (the
// router would roll back and say "try again"), as_typed() gives back what normalises to the piece.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "bot/adapters/registry.hpp"
#include "bot/core/text.hpp"
#include "bot/router/router.hpp"
#include "handlers/meeting/commands.hpp"
#include "handlers/notice/ack.hpp"
#include "handlers/poll/commands.hpp"
#include "handlers/signup/commands.hpp"
#include "store/classes.hpp"
#include "store/members.hpp"
#include "store/messages.hpp"
#include "store/outbox.hpp"
#include "store/roles.hpp"
#include "store/roster.hpp"

using namespace jiaxiao;

namespace {

class FixedClock final : public core::Clock {
 public:
  std::chrono::system_clock::time_point now() const override {
    return std::chrono::system_clock::time_point(std::chrono::milliseconds(1'795'402'800'000));  // 2026-11-23 10:00 +08
  }
};

const core::ChatRef group{"onebot", core::ChatKind::group, "987654321"};
const char* const users[] = {"wang", "chen", "twinma", "nainai", "zhaoba", "stranger"};

struct World {
  FixedClock clock;
  config::Config config;
  handlers::Registry registry;
  core::Platforms platforms = adapters::platforms();
  std::unique_ptr<store::Database> db;
  std::unique_ptr<router::Router> router;
  std::int64_t sequence = 0;

  explicit World(const std::string& path) {
    handlers::register_all(registry, config);
    router = std::make_unique<router::Router>(registry, config, platforms, clock);
    db = std::make_unique<store::Database>(path);
    store::Classes classes(db->sql());
    const auto class_id = classes.create("三年级2班", 1).id;
    classes.link(group, class_id, std::nullopt, 1);
    store::Members members(db->sql());
    store::Roles roles(db->sql());
    roles.grant(members.upsert({"onebot", "wang", ""}, 1), class_id, store::Role::teacher, "班主任", "t", 1);
    roles.grant(members.upsert({"onebot", "chen", ""}, 1), class_id, store::Role::chair, "家委会主任", "t", 1);
    store::Roster roster(db->sql());
    for (const char* name : {"张小明", "张小红", "李华", "李雷", "赵六"}) roster.add({0, class_id, name, std::nullopt, false, {}}, 1);
    const auto bind = [&](const char* user, const char* student, const char* relation) {
      roster.bind(members.upsert({"onebot", user, ""}, 1), roster.by_name(class_id, student).front().id, relation, 1);
    };
    bind("twinma", "张小明", "妈妈");
    bind("twinma", "张小红", "妈妈");
    bind("nainai", "李华", "奶奶");
    bind("nainai", "李雷", "奶奶");
    bind("zhaoba", "赵六", "爸爸");
    bind("chen", "赵六", "妈妈");
    const std::pair<const char*, const char*> opening[] = {
        {"wang", "/告家长书 期末安排\n1月20日放假。"}, {"wang", "/告家长书 安全教育\n注意安全。"},
        {"wang", "/家长会 12月4日15:30 三楼会议室"},  {"chen", "/家委会会议 12月2日19:00 线上"},
        {"chen", "/投票 午餐 | 米饭 | 面条"},         {"chen", "/接龙 周六志愿者 上限:3"}};
    for (const auto& [user, command] : opening) say(user, command, group, std::nullopt);
  }

  /// Stores and acts on one message; delivered answers get platform ids bot-<n> (quotable).
  void say(const std::string& user, const std::string& text, const core::ChatRef& chat, std::optional<std::string> quoting) {
    core::IncomingMessage m;
    m.platform_message_id = "in-" + std::to_string(++sequence);
    m.chat = chat;
    m.sender = {"onebot", user, user};
    m.text = text;
    m.reply_to = std::move(quoting);
    const auto id = store::Messages(db->sql()).insert_incoming(m, 1'795'402'800'000).message_id;
    router->process(*db, id);
    store::Outbox outbox(db->sql());
    for (const auto& item : outbox.due(1'795'402'900'000, 1000)) {
      if (item.message.text.starts_with("抱歉，处理这条消息时出了问题")) std::abort();  // a handler threw
      outbox.mark_sent(item, "bot-" + std::to_string(item.id), 1'795'402'800'000);
    }
  }
};

World& world() {
  static const std::string path = "/tmp/jiaxiao-fuzz-reply-" + std::to_string(::getpid()) + ".db";
  static World w((std::remove(path.c_str()), path));
  return w;
}

/// as_typed(raw, piece) for a piece of normalise(raw): normalising what it gives back yields the piece.
void check_as_typed(std::string_view raw) {
  const std::string text = core::normalise(raw);
  if (text.size() < 2) return;
  // A piece from one code point to another, as readers take them.
  const auto boundary = [&](std::size_t at) {
    while (at < text.size() && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80) ++at;
    return at;
  };
  const std::size_t start = boundary(text.size() / 3), end = boundary(start + text.size() / 2);
  const std::string piece = text.substr(start, end - start);
  if (piece.empty() || core::trim(piece) != piece) return;
  const std::string typed = core::as_typed(raw, piece);
  if (core::normalise(typed) != piece && typed != piece) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const std::string_view raw(reinterpret_cast<const char*>(data + 2), size - 2);
  const std::string text = core::normalise(raw);
  (void)handlers::notice::read_ack(text);
  (void)handlers::meeting::read_rsvp(text);
  (void)handlers::poll::read_ballot(text);
  if (const auto signup = handlers::signup::read_signup(text)) (void)handlers::signup::new_pasted_line(signup->numbered, {"王芳妈妈"});
  check_as_typed(raw);
  if (size > 600) return 0;  // the whole path: short messages, as parents write them
  World& w = world();
  const char* user = users[data[0] % std::size(users)];
  const core::ChatRef chat = data[0] & 0x80 ? core::ChatRef{"onebot", core::ChatKind::private_chat, user} : group;
  std::optional<std::string> quoting;
  if (data[1] % 4 == 0) quoting = "bot-" + std::to_string(1 + data[1] / 4 % 12);
  w.say(user, std::string(raw), chat, quoting);
  return 0;
}
