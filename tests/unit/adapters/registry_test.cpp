// The platform registry: one row per platform, each with its capabilities, paths, pace and config
// section; what handlers ask of a platform comes from here.
#include "bot/adapters/registry.hpp"
#include "bot/adapters/onebot/config.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <set>

namespace jiaxiao::adapters {
namespace {

TEST(PlatformRegistry, NamesAndWebhookPathsAreUnique) {
  std::set<std::string> names, paths;
  for (const auto& entry : platform_entries()) {
    EXPECT_TRUE(names.insert(entry.capabilities.name).second) << entry.capabilities.name;
    for (const auto path : entry.paths) EXPECT_TRUE(paths.insert(std::string(path)).second) << path;
    EXPECT_EQ(entry.make == nullptr, entry.paths.empty()) << entry.capabilities.name;
  }
  EXPECT_EQ(names, (std::set<std::string>{"onebot", "wecom", "qq", "console"}));
}

TEST(PlatformRegistry, EachPlatformDeclaresWhatItCanDo) {
  const auto platforms = adapters::platforms();
  const auto& onebot = platforms.of("onebot");
  EXPECT_FALSE(onebot.hears_only_mentions);
  EXPECT_EQ(onebot.group_push, core::GroupPush::any_time);
  EXPECT_EQ(onebot.group_name("123"), "QQ群 123");
  const auto& qq = platforms.of("qq");
  EXPECT_TRUE(qq.hears_only_mentions);
  EXPECT_EQ(qq.group_push, core::GroupPush::never);
  EXPECT_FALSE(qq.private_to_group_member);
  const auto& wecom = platforms.of("wecom");
  EXPECT_TRUE(wecom.hears_only_mentions);
  EXPECT_EQ(wecom.group_push, core::GroupPush::with_push_key);
  EXPECT_EQ(wecom.group_name("W1"), "企业微信群 W1");
  EXPECT_EQ(wecom.text_limit, 2048u);
}

TEST(PlatformRegistry, AnUnknownPlatformGetsTheMostCarefulCapabilities) {
  const auto& gone = adapters::platforms().of("a-platform-since-removed");
  EXPECT_TRUE(gone.hears_only_mentions);
  EXPECT_EQ(gone.group_push, core::GroupPush::never);
  EXPECT_FALSE(adapters::platforms().known("a-platform-since-removed"));
  EXPECT_EQ(find_platform("a-platform-since-removed"), nullptr);
}

TEST(PlatformRegistry, ConfigSectionsComeFromTheRegistryWithTheirPaces) {
  config::Config config;
  EXPECT_TRUE(config::parse(R"({"platforms": {"qq": {"enabled": true, "app_id": "1", "secret": "s"}},
                                 "pacing": {"onebot": {"burst": 9}}, "admins": ["console:me"]})",
                            config, config_sections())
                  .empty());
  EXPECT_EQ(pace_of(config, *find_platform("onebot")).burst, 9);
  EXPECT_EQ(pace_of(config, *find_platform("onebot")).platform_per_minute, 60);  // the entry's default kept
  EXPECT_EQ(pace_of(config::Config{}, *find_platform("wecom")).person_per_minute, 30);
  // A platform without a section (the console) has no `platforms.console` to set.
  EXPECT_FALSE(config::parse(R"({"platforms": {"console": {}}})", config, config_sections()).empty());
  // Without the registry's sections, config knows no platform at all.
  EXPECT_FALSE(config::parse(R"({"platforms": {"onebot": {}}})", config, {}).empty());
}

TEST(PlatformRegistry, EveryEnabledPlatformBuildsAnAdapterThatAnswersItsOwnName) {
  boost::asio::io_context io{1};
  config::Config config;
  core::SystemClock clock;
  const AdapterDeps deps{io.get_executor(), config, clock};
  for (const auto& entry : platform_entries()) {
    if (!entry.make) continue;
    auto adapter = entry.make(deps);
    if (entry.capabilities.name == "onebot") {
      ASSERT_NE(adapter, nullptr);  // on by default (the quick start)
    } else {
      EXPECT_EQ(adapter, nullptr) << entry.capabilities.name << " is off by default";
    }
    if (adapter) {
      EXPECT_EQ(adapter->platform(), entry.capabilities.name);
    }
  }
}

TEST(Registry, CheckConfigWarnsAboutAnUnsignedOneBotButNotWhenASecretIsSet) {
  config::Config quick_start;  // OneBot on, no secret
  const auto warnings = config_warnings(quick_start);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("platforms.onebot.secret 为空"), std::string::npos) << warnings[0];
  config::Config signed_config = load_config("");
  onebot::settings(signed_config).secret = "s";
  EXPECT_TRUE(config_warnings(signed_config).empty());
}

}  // namespace
}  // namespace jiaxiao::adapters
