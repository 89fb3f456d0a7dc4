// The table of commands and reply hooks: names and aliases taken once, reply hooks in ReplyOrder.
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

TEST(Registry, ReplyHooksRunInReplyOrderWhateverTheOrderOfRegistration) {
  Registry registry;
  register_all(registry, config::Settings{});
  std::vector<std::string> names;
  for (const auto& hook : registry.reply_hooks()) names.push_back(hook.name);
  EXPECT_EQ(names, (std::vector<std::string>{"notice_ack", "meeting_rsvp", "poll_ballot", "signup_join"}));

  Registry reversed;
  reversed.add_reply_hook({"late", ReplyOrder::signup_join, [](Context&) { return false; }});
  reversed.add_reply_hook({"early", ReplyOrder::notice_ack, [](Context&) { return false; }});
  EXPECT_EQ(reversed.reply_hooks().front().name, "early");
  EXPECT_THROW(reversed.add_reply_hook({"again", ReplyOrder::notice_ack, [](Context&) { return false; }}),
               std::logic_error);
}

}  // namespace
}  // namespace jiaxiao::handlers
