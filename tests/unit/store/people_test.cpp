// Classes, roles and the roster: the model rules of SPEC §1.
#include <gtest/gtest.h>

#include "store/members.hpp"
#include "store/classes.hpp"
#include "store/database.hpp"
#include "store/messages.hpp"
#include "store/roles.hpp"
#include "store/roster.hpp"
#include "tests/support/temp_dir.hpp"

namespace jiaxiao::store {

namespace {
struct PeopleTest : ::testing::Test {
  testing::TempDir dir;
  Database db{dir.file("j.db")};
  Classes classes{db.sql()};
  Roles roles{db.sql()};
  Roster roster{db.sql()};
  ClassRow class_a = classes.create("三年级2班", 1);
  ClassRow class_b = classes.create("五年级1班", 1);

  std::int64_t member(const std::string& id, const std::string& name = "") {
    return Members(db.sql()).upsert({"onebot", id, name}, 1);
  }
  std::int64_t student(const ClassRow& k, const std::string& name, std::optional<std::string> number = {}) {
    return roster.add({0, k.id, name, number, false, {}}, 1);
  }
};
}  // namespace

TEST_F(PeopleTest, ACreatedClassIsFoundAndCreatingAgainReturnsIt) {
  bool created = true;
  EXPECT_EQ(classes.create("三年级2班", 2, &created).id, class_a.id);
  EXPECT_FALSE(created);
  EXPECT_EQ(classes.all().size(), 2u);
}

TEST_F(PeopleTest, AClassHasSeveralGroupsOnSeveralPlatforms) {
  const core::ChatRef qq{"onebot", core::ChatKind::group, "987"}, wecom{"wecom", core::ChatKind::group, "wr1"};
  classes.link(qq, class_a.id, std::nullopt, 1);
  classes.link(wecom, class_a.id, std::string("KEY"), 1);
  EXPECT_EQ(classes.class_of(qq)->name, "三年级2班");
  const auto chats = classes.chats(class_a.id);
  ASSERT_EQ(chats.size(), 2u);
  EXPECT_EQ(chats[1].webhook_key, "KEY");
  classes.link(wecom, class_a.id, std::nullopt, 2);  // re-linking without a key keeps the key
  EXPECT_EQ(classes.chats(class_a.id)[1].webhook_key, "KEY");
  EXPECT_FALSE(classes.class_of({"onebot", core::ChatKind::group, "other"}));
}

TEST_F(PeopleTest, RolesArePerClassAndAdminsAreSchoolWide) {
  const auto wang = member("1");
  EXPECT_TRUE(roles.grant(wang, class_a.id, Role::teacher, "班主任", "cli", 1));
  EXPECT_FALSE(roles.grant(wang, class_a.id, Role::teacher, "任课教师", "cli", 2));  // title updated
  EXPECT_TRUE(roles.holds(wang, class_a.id, Role::teacher));
  EXPECT_FALSE(roles.holds(wang, class_b.id, Role::teacher));
  EXPECT_EQ(roles.list(class_a.id).at(0).title, "任课教师");
  EXPECT_FALSE(roles.is_admin(wang));
  EXPECT_TRUE(roles.grant(wang, std::nullopt, Role::admin, "管理员", "cli", 1));
  EXPECT_FALSE(roles.grant(wang, std::nullopt, Role::admin, "管理员", "cli", 1));
  EXPECT_TRUE(roles.is_admin(wang));
  EXPECT_EQ(roles.list(std::nullopt).size(), 2u);
  EXPECT_EQ(roles.revoke(wang, class_a.id, std::nullopt), 1);
  EXPECT_TRUE(roles.in_class(wang, class_a.id).empty());
  EXPECT_TRUE(roles.is_admin(wang));
}

TEST_F(PeopleTest, AStudentHasSeveralGuardiansAndAGuardianSeveralStudentsAcrossClasses) {
  const auto mom = member("m", "王芳"), dad = member("d");
  const auto xiaoming = student(class_a, "张小明", "1"), didi = student(class_b, "张小弟", "9");
  EXPECT_TRUE(roster.bind(mom, xiaoming, "妈妈", 1));
  EXPECT_TRUE(roster.bind(dad, xiaoming, "爸爸", 2));
  EXPECT_TRUE(roster.bind(mom, didi, "妈妈", 3));
  EXPECT_EQ(roster.guardians(xiaoming).size(), 2u);
  EXPECT_EQ(roster.guardians(xiaoming)[0].name, "王芳");
  EXPECT_EQ(roster.wards(mom).size(), 2u);
  EXPECT_EQ(roster.wards(mom, class_b.id).at(0).student.name, "张小弟");
  EXPECT_FALSE(roster.bind(dad, xiaoming, "其他", 4));  // binding twice updates the relation
  EXPECT_EQ(roster.guardians(xiaoming)[1].relation, "其他");
  EXPECT_TRUE(roster.unbind(dad, xiaoming));
  EXPECT_FALSE(roster.unbind(dad, xiaoming));
}

TEST_F(PeopleTest, StudentsOfOneNameAreToldApartByNumber) {
  student(class_a, "张小明", "2");
  student(class_a, "张小明", "1");
  student(class_a, "李华");
  EXPECT_EQ(roster.by_name(class_a.id, "张小明").size(), 2u);
  EXPECT_EQ(roster.by_number(class_a.id, "1")->name, "张小明");
  const auto all = roster.students(class_a.id);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].number, "1");
  EXPECT_EQ(all[2].name, "李华");  // without 学号: last
  EXPECT_THROW(student(class_a, "重号", "1"), SQLite::Exception);
}

TEST_F(PeopleTest, CategoriesRoundTripKeptOneALine) {
  Student s{0, class_a.id, "王芳", std::string("3"), true, {"留守儿童", "学困生"}};
  const auto id = roster.add(s, 1);
  const auto stored = roster.by_id(id);
  EXPECT_EQ(stored->categories, (std::vector<std::string>{"留守儿童", "学困生"}));
  EXPECT_TRUE(stored->is_new);
  // Kept one a line (migration 11), not in a display format.
  SQLite::Statement raw(db.sql(), "SELECT categories FROM students WHERE id = ?");
  raw.bind(1, id);
  ASSERT_TRUE(raw.executeStep());
  EXPECT_EQ(raw.getColumn(0).getString(), "留守儿童\n学困生");
}

}  // namespace jiaxiao::store
