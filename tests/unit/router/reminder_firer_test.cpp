// Firing reminders: once, with what the kind posts in the same transaction; a kind that throws or an
// event already over is marked missed and the others go on.
#include "bot/router/reminder_firer.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

#include "bot/adapters/registry.hpp"
#include "store/members.hpp"
#include "store/outbox.hpp"
#include "store/threads.hpp"
#include "tests/support/fake_clock.hpp"
#include "tests/support/temp_dir.hpp"

namespace jiaxiao::router {
namespace {

struct ReminderFirerTest : ::testing::Test {
  testing::TempDir dir;
  store::Database db{dir.file("j.db")};
  config::Config config;
  testing::FakeClock clock;
  handlers::Registry registry;
  core::Platforms platforms = adapters::platforms();
  ReminderFirer firer{registry, config, platforms, clock};
  const core::ChatRef group{"onebot", core::ChatKind::group, "100"};

  ReminderFirerTest() {
    registry.add_reminder_kind({"boom", [](handlers::ReminderContext&) { throw std::runtime_error("no"); }});
    registry.add_reminder_kind({"say", [](handlers::ReminderContext& ctx) {
                                  ctx.outgoing.push_back({*ctx.reminder.chat, ctx.reminder.text, {}, std::nullopt, std::nullopt});
                                }});
  }
  std::int64_t add(const std::string& kind, std::int64_t due, std::optional<std::int64_t> thread = std::nullopt,
                   std::optional<std::int64_t> event_at = std::nullopt) {
    store::ReminderRow r;
    r.kind = kind;
    r.due_at = due;
    r.chat = group;
    r.text = kind + " 提醒";
    r.thread = thread;
    r.event_at = event_at;
    return store::Reminders(db.sql()).add(r, 0);
  }
  std::string state(std::int64_t id) { return store::Reminders(db.sql()).find(id)->state; }
  std::vector<store::OutboxItem> queued() { return store::Outbox(db.sql()).due(clock.now_ms() + 1, 100); }
};

TEST_F(ReminderFirerTest, AReminderFiresOnceWithWhatItsKindPosts) {
  const auto id = add("say", clock.now_ms() - 1);
  EXPECT_EQ(firer.fire_due(db), 1u);
  EXPECT_EQ(state(id), "done");
  ASSERT_EQ(queued().size(), 1u);
  EXPECT_EQ(queued()[0].message.text, "say 提醒");
  EXPECT_FALSE(firer.fire(db, id));  // not pending any more
  EXPECT_EQ(firer.fire_due(db), 0u);
  EXPECT_EQ(queued().size(), 1u);
}

TEST_F(ReminderFirerTest, AKindThatThrowsIsMarkedMissedAndTheOthersStillFire) {
  const auto broken = add("boom", clock.now_ms() - 2);
  const auto fine = add("say", clock.now_ms() - 1);
  EXPECT_EQ(firer.fire_due(db), 1u);
  EXPECT_EQ(state(broken), "missed");
  EXPECT_EQ(state(fine), "done");
  EXPECT_EQ(queued().size(), 1u);  // nothing of the broken one's rolled-back work
}

TEST_F(ReminderFirerTest, AReminderWhoseEventIsOverIsMissedAndItsCreatorToldInPrivate) {
  const auto teacher = store::Members(db.sql()).upsert({"onebot", "wang", "王老师"}, 0);
  store::ThreadRow thread;
  thread.kind = "meeting";
  thread.created_by = teacher;
  thread.title = "家长会";
  const auto number = store::Threads(db.sql()).create(thread, 0);
  const auto id = add("say", clock.now_ms() - 3'600'000, number, clock.now_ms() - 60'000);
  EXPECT_EQ(firer.fire_due(db), 1u);
  EXPECT_EQ(state(id), "missed");
  const auto notes = queued();
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_EQ(notes[0].message.chat, (core::ChatRef{"onebot", core::ChatKind::private_chat, "wang"}));
  EXPECT_EQ(notes[0].message.text, "#" + std::to_string(number) + " 的一条提醒因服务中断未能按时发出，相关事项已经过去，不再补发。");
}

}  // namespace
}  // namespace jiaxiao::router
