// The flood budget: answers to one member in one group a minute; teachers, chairs and admins unlimited.
#include "handlers/reply_budget.hpp"

#include <gtest/gtest.h>

namespace jiaxiao::handlers {
namespace {

struct ReplyBudgetTest : ::testing::Test {
  ReplyBudget budget{3};
  Access parent;
  core::IncomingMessage from(const std::string& user, const std::string& id,
                             core::ChatKind kind = core::ChatKind::group) {
    core::IncomingMessage m;
    m.platform_message_id = id;
    m.chat = {"onebot", kind, kind == core::ChatKind::group ? "G" : user};
    m.sender = {"onebot", user, ""};
    return m;
  }
  std::vector<core::OutgoingMessage> answer(const core::IncomingMessage& m, int n = 1) {
    std::vector<core::OutgoingMessage> out;
    for (int i = 0; i < n; ++i) out.push_back({m.chat, "答复", {}, std::nullopt, m.platform_message_id});
    return out;
  }
};

TEST_F(ReplyBudgetTest, AMemberGetsThreeAnswersAMinuteInAGroupAndTheRestAreDropped) {
  for (int i = 0; i < 3; ++i) {
    auto out = answer(from("mom", std::to_string(i)));
    EXPECT_EQ(budget.apply(from("mom", std::to_string(i)), parent, out, 1'000 + i), 0u);
    EXPECT_EQ(out.size(), 1u);
  }
  auto fourth = answer(from("mom", "4"), 2);
  EXPECT_EQ(budget.apply(from("mom", "4"), parent, fourth, 2'000), 2u);
  EXPECT_TRUE(fourth.empty());
  auto other = answer(from("dad", "5"));  // another member has a budget of their own
  EXPECT_EQ(budget.apply(from("dad", "5"), parent, other, 2'000), 0u);
  auto later = answer(from("mom", "6"));  // a minute after the first answer, one is free again
  EXPECT_EQ(budget.apply(from("mom", "6"), parent, later, 61'000), 0u);
  EXPECT_EQ(budget.dropped(), 2u);
}

TEST_F(ReplyBudgetTest, TeachersChairsAdminsAndPrivateChatsAreNotLimitedNorArePushes) {
  Access teacher;
  teacher.roles = {store::Role::teacher};
  Access admin;
  admin.admin = true;
  for (int i = 0; i < 10; ++i) {
    auto out = answer(from("wang", std::to_string(i)));
    EXPECT_EQ(budget.apply(from("wang", std::to_string(i)), teacher, out, 1'000), 0u);
    auto mine = answer(from("it", std::to_string(i)));
    EXPECT_EQ(budget.apply(from("it", std::to_string(i)), admin, mine, 1'000), 0u);
    auto privately = answer(from("mom", "p" + std::to_string(i), core::ChatKind::private_chat));
    EXPECT_EQ(budget.apply(from("mom", "p" + std::to_string(i), core::ChatKind::private_chat), parent, privately, 1'000), 0u);
  }
  for (int i = 0; i < 3; ++i) {
    auto out = answer(from("mom", "g" + std::to_string(i)));
    budget.apply(from("mom", "g" + std::to_string(i)), parent, out, 1'000);
  }
  // Over budget, but a push to the group (answering nobody) and a message to another chat stay.
  const auto m = from("mom", "g9");
  std::vector<core::OutgoingMessage> out{{m.chat, "【接龙 #2】", {}, 2, std::nullopt},
                                         {{"onebot", core::ChatKind::private_chat, "wang"}, "通知老师", {}, std::nullopt, std::nullopt},
                                         {m.chat, "答复", {}, std::nullopt, m.platform_message_id}};
  EXPECT_EQ(budget.apply(m, parent, out, 1'000), 1u);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].text, "【接龙 #2】");
}

}  // namespace
}  // namespace jiaxiao::handlers
