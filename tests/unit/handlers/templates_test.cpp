#include "handlers/notice/templates.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "tests/support/temp_dir.hpp"

namespace jiaxiao::handlers::notice {

namespace {
const TemplateLibrary& library() {
  static const TemplateLibrary lib = TemplateLibrary::load(std::string(JIAXIAO_SOURCE_DIR) + "/templates/zh_CN");
  return lib;
}
std::map<std::string, std::string> builtins() {
  return {{"学校", "实验小学"}, {"班级", "三年级2班"}, {"日期", "2026年11月23日"}, {"截止", "11月27日（周五）23:59"}};
}
}  // namespace

TEST(Templates, TheEightLettersLoadWithTheirVariables) {
  for (const char* name : {"寒假安全", "暑假安全", "放假通知", "作息时间调整", "疫情防控", "家长会邀请", "开放日邀请", "重大事项通报"}) {
    EXPECT_NE(library().find(name), nullptr) << name;
  }
  const auto* holiday = library().find("放假通知");
  EXPECT_EQ(holiday->required, (std::vector<std::string>{"节日", "放假时间", "返校时间"}));
  const auto* winter = library().find("寒假安全");
  EXPECT_TRUE(winter->required.empty());
  EXPECT_EQ(winter->optional, (std::vector<std::string>{"放假日期", "开学日期"}));
  EXPECT_NE(winter->description.find("寒假"), std::string::npos);
}

TEST(Templates, RenderAProperLetterWithoutHtmlEscaping) {
  auto values = builtins();
  values["事项"] = "食堂<午餐>调整 & \"试运行\"";
  values["内容"] = "自12月1日起……";
  auto text = library().render(*library().find("重大事项通报"), values);
  ASSERT_TRUE(text) << text.error();
  EXPECT_EQ(text->rfind("尊敬的家长：", 0), 0u);
  EXPECT_NE(text->find("食堂<午餐>调整 & \"试运行\""), std::string::npos);
  EXPECT_EQ(text->find("&lt;"), std::string::npos);
  EXPECT_EQ(text->find("&amp;"), std::string::npos);
  EXPECT_NE(text->find("实验小学\n2026年11月23日"), std::string::npos);
}

TEST(Templates, OptionalPartsDisappearWhenNotGiven) {
  auto text = library().render(*library().find("寒假安全"), builtins());
  ASSERT_TRUE(text);
  EXPECT_NE(text->find("寒假即将来临。"), std::string::npos);
  auto values = builtins();
  values["放假日期"] = "1月20日";
  EXPECT_NE(library().render(*library().find("寒假安全"), values)->find("本学期将于1月20日起放寒假。"), std::string::npos);
}

TEST(Templates, AMissingVariableIsNamed) {
  auto text = library().render(*library().find("放假通知"), builtins());
  ASSERT_FALSE(text);
  EXPECT_EQ(text.error(), "模板“放假通知”还需要：节日、放假时间、返校时间（写成 节日=…）");
}

TEST(Templates, ABrokenTemplateStopsTheStartWithItsFileName) {
  testing::TempDir dir;
  std::ofstream(dir.file("坏.mustache")) << "尊敬的家长：{{#未闭合}}";
  try {
    TemplateLibrary::load(dir.path());
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("坏.mustache"), std::string::npos) << e.what();
  }
  EXPECT_THROW(TemplateLibrary::load(dir.file("none")), std::runtime_error);
}

}  // namespace jiaxiao::handlers::notice
