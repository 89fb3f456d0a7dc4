#include "handlers/roster/import.hpp"

#include <gtest/gtest.h>
#include <iconv.h>

#include "store/members.hpp"
#include "store/messages.hpp"
#include "store/roster.hpp"
#include "tests/support/temp_dir.hpp"

namespace jiaxiao::handlers::roster {

namespace {
struct RosterImport : ::testing::Test {
  testing::TempDir dir;
  store::Database db{dir.file("j.db")};
  config::Config config;
  store::ClassRow klass = store::Classes(db.sql()).create("三年级2班", 1);
  store::Roster roster{db.sql()};

  ImportReport import(const std::string& bytes) { return import_roster(db, config, klass, bytes, 5); }
};
}  // namespace

TEST_F(RosterImport, ImportsAFileWithBomAndIgnoresExtraColumns) {
  const auto report = import("\xEF\xBB\xBF姓名,性别,学号,新生,关注类别\r\n张小明,男,2024001,是,单亲家庭、留守儿童\r\n"
                             "李华,女,2024002,否,\r\n");
  ASSERT_TRUE(report.errors.empty()) << report.errors.front();
  EXPECT_EQ(report.added, 2);
  EXPECT_EQ(report.ignored_columns, std::vector<std::string>{"性别"});
  const auto students = roster.students(klass.id);
  ASSERT_EQ(students.size(), 2u);
  EXPECT_EQ(students[0].number, "2024001");
  EXPECT_TRUE(students[0].is_new);
  EXPECT_EQ(students[0].categories, (std::vector<std::string>{"单亲家庭", "留守儿童"}));
}

TEST_F(RosterImport, AFileWithErrorsNamesEachLineAndImportsNothing) {
  const auto report = import("姓名,学号,新生,关注类别\n张小明,1,是,\n,2,否,\n李华,1,否,\n王芳,3,也许,\n赵六,4,否,顽皮\n");
  ASSERT_EQ(report.errors.size(), 4u);
  EXPECT_EQ(report.errors[0], "第 3 行：姓名为空");
  EXPECT_EQ(report.errors[1], "第 4 行：学号 1 与第 2 行重复");
  EXPECT_EQ(report.errors[2], "第 5 行：“新生”一栏应填 是 或 否，而不是“也许”");
  EXPECT_EQ(report.errors[3].rfind("第 6 行：关注类别“顽皮”不在可选类别中", 0), 0u);
  EXPECT_TRUE(roster.students(klass.id).empty());
}

TEST_F(RosterImport, SameNamesWithoutNumbersAreRefused) {
  const auto report = import("姓名\n张小明\n张小明\n");
  ASSERT_EQ(report.errors.size(), 1u);
  EXPECT_EQ(report.errors[0], "第 3 行：姓名“张小明”与第 2 行相同，同名学生请填写学号以区分");
}

TEST_F(RosterImport, AFileWithoutANameColumnIsRefused) {
  const auto report = import("名字,学号\n张小明,1\n");
  ASSERT_EQ(report.errors.size(), 1u);
  EXPECT_EQ(report.errors[0], "第 1 行：表头没有“姓名”列（应为 姓名,学号,新生,关注类别）");
}

TEST_F(RosterImport, ImportingAgainUpdatesByNumberAndKeepsGuardians) {
  ASSERT_TRUE(import("姓名,学号,新生\n张小明,1,是\n李华,2,否\n").errors.empty());
  const auto mom = store::Members(db.sql()).upsert({"onebot", "m", ""}, 1);
  const auto xiaoming = roster.by_number(klass.id, "1")->id;
  roster.bind(mom, xiaoming, "妈妈", 1);
  const auto report = import("姓名,学号,新生\n张晓明,1,否\n李华,2,否\n王芳,3,是\n");
  ASSERT_TRUE(report.errors.empty()) << report.errors.front();
  EXPECT_EQ(report.updated, 1);
  EXPECT_EQ(report.unchanged, 1);
  EXPECT_EQ(report.added, 1);
  EXPECT_EQ(roster.by_id(xiaoming)->name, "张晓明");
  EXPECT_EQ(roster.guardians(xiaoming).size(), 1u);
  const auto shorter = import("姓名,学号\n李华,2\n");
  EXPECT_EQ(shorter.not_in_file, (std::vector<std::string>{"张晓明", "王芳"}));
  EXPECT_EQ(roster.students(klass.id).size(), 3u);  // students missing from a file are kept
}

TEST_F(RosterImport, ReadsAGbkFileAsExcelOnChineseWindowsSavesIt) {
  const std::string utf8 = "姓名,学号\n张小明,1\n";
  iconv_t cd = ::iconv_open("GB18030", "UTF-8");
  std::string gbk(64, '\0');
  char* in = const_cast<char*>(utf8.data());
  char* out = gbk.data();
  std::size_t in_left = utf8.size(), out_left = gbk.size();
  ::iconv(cd, &in, &in_left, &out, &out_left);
  ::iconv_close(cd);
  gbk.resize(gbk.size() - out_left);
  const auto report = import(gbk);
  ASSERT_TRUE(report.errors.empty()) << report.errors.front();
  EXPECT_EQ(roster.students(klass.id).at(0).name, "张小明");
}

}  // namespace jiaxiao::handlers::roster
