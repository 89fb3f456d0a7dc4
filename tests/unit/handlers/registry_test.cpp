// The table of commands and reply kinds: names and aliases taken once, reply kinds in ReplyOrder.
#include "handlers/registry.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace jiaxiao::handlers {
namespace {

TEST(Registry, RefusesADuplicateNameOrAlias) {
  Registry registry;
  register_all(registry, config::Config{});
  EXPECT_THROW(registry.add({.name = "帮助", .aliases = {}, .usage = "", .summary = "", .run = nullptr}), std::logic_error);
  EXPECT_THROW(registry.add({.name = "x", .aliases = {"Help"}, .usage = "", .summary = "", .run = nullptr}),
               std::logic_error);
}

TEST(Registry, ReplyKindsAreTriedInReplyOrderWhateverTheOrderOfRegistration) {
  Registry registry;
  register_all(registry, config::Settings{});
  std::vector<std::string> names;
  for (const auto& kind : registry.reply_kinds()) names.push_back(kind.name);
  EXPECT_EQ(names, (std::vector<std::string>{"meeting_rsvp", "notice_ack", "poll_ballot", "signup_join"}));

  Registry reversed;
  reversed.add_reply_kind({.name = "late", .order = ReplyOrder::signup_join, .thread_kind = "signup"});
  reversed.add_reply_kind({.name = "early", .order = ReplyOrder::notice_ack, .thread_kind = "notice"});
  EXPECT_EQ(reversed.reply_kinds().front().name, "early");
  EXPECT_EQ(reversed.reply_kind(ReplyOrder::signup_join)->name, "late");
  EXPECT_EQ(reversed.reply_kind(ReplyOrder::poll_ballot), nullptr);
  EXPECT_THROW(reversed.add_reply_kind({.name = "again", .order = ReplyOrder::notice_ack, .thread_kind = "notice"}),
               std::logic_error);
}

}  // namespace
}  // namespace jiaxiao::handlers
