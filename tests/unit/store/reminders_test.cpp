#include "store/threads.hpp"
#include "store/reminders.hpp"

#include <gtest/gtest.h>

#include "store/database.hpp"
#include "tests/support/temp_dir.hpp"

namespace jiaxiao::store {

namespace {
struct RemindersTest : ::testing::Test {
  testing::TempDir dir;
  Database db{dir.file("j.db")};
  Reminders reminders{db.sql()};
  Threads threads{db.sql()};
  const core::ChatRef chat{"onebot", core::ChatKind::group, "1"};

  std::int64_t add(std::int64_t due, std::optional<std::int64_t> thread = std::nullopt) {
    ReminderRow r;
    r.kind = "custom";
    r.due_at = due;
    r.chat = chat;
    r.thread = thread;
    r.text = "t" + std::to_string(due);
    return reminders.add(r, 0);
  }
};
}  // namespace

TEST_F(RemindersTest, ThreadNumbersAreOneSequence) {
  const auto a = threads.create({0, "reminder", std::nullopt, chat, std::nullopt, "a", 0, std::nullopt}, 1);
  const auto b = threads.create({0, "notice", std::nullopt, std::nullopt, std::nullopt, "b", 0, std::nullopt}, 2);
  EXPECT_EQ(b, a + 1);
  EXPECT_EQ(threads.find(a)->chat, chat);
  EXPECT_TRUE(threads.cancel(a, 5));
  EXPECT_FALSE(threads.cancel(a, 6));
  EXPECT_EQ(threads.find(a)->cancelled_at, 5);
  EXPECT_FALSE(threads.find(999));
}

TEST_F(RemindersTest, DueRowsComeEarliestFirstAndTiesInInsertionOrder) {
  const auto late = add(300);
  const auto first = add(100);
  const auto tie = add(100);
  EXPECT_EQ(reminders.next_due_ms(), 100);
  const auto due = reminders.due(200, 10);
  ASSERT_EQ(due.size(), 2u);
  EXPECT_EQ(due[0].id, first);
  EXPECT_EQ(due[1].id, tie);
  EXPECT_EQ(due[0].chat, chat);
  EXPECT_EQ(reminders.due(300, 10).back().id, late);
  EXPECT_EQ(reminders.due(300, 2).size(), 2u);
}

TEST_F(RemindersTest, AReminderFinishesOnce) {
  const auto id = add(100);
  EXPECT_TRUE(reminders.finish(id, "done", 150));
  EXPECT_FALSE(reminders.finish(id, "done", 160));
  EXPECT_EQ(reminders.find(id)->state, "done");
  EXPECT_FALSE(reminders.next_due_ms());
  EXPECT_EQ(reminders.pending_count(), 0);
}

TEST_F(RemindersTest, CancellingAThreadDropsOnlyItsPendingReminders) {
  const auto n = threads.create({0, "meeting", std::nullopt, chat, std::nullopt, "家长会", 0, std::nullopt}, 1);
  add(100, n);
  add(200, n);
  const auto other = add(150);
  EXPECT_EQ(reminders.cancel_thread(n), 2);
  EXPECT_EQ(reminders.pending_count(), 1);
  EXPECT_EQ(reminders.due(1000, 10).at(0).id, other);
}

}  // namespace jiaxiao::store
