// Inputs for the benchmarks (bench/README.md): pre-signed OneBot bodies for wrk, and databases seeded
// with reminders or outbox rows through the store's own repositories.
//   bench_tool bodies OUT SECRET FIRST_ID COUNT   "X-Signature<TAB>body" lines: 收到 from the 50 parents, and chat
//   bench_tool setup OUT SECRET                   the same for the 50 /绑定 and the teacher's /告家长书
//   bench_tool reminders DB PENDING SOON START_MS  PENDING far-future reminders, SOON due from START_MS over 10 s
//   bench_tool fanout DB GROUPS MESSAGES           MESSAGES outbox rows spread over GROUPS linked groups
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>

#include "bot/adapters/onebot/signature.hpp"
#include "store/classes.hpp"
#include "store/database.hpp"
#include "store/outbox.hpp"
#include "store/reminders.hpp"

namespace {

using namespace jiaxiao;
constexpr long long group_id = 987654321;
constexpr long long first_parent = 20000001;  // parents 20000001 … 20000050; the teacher is 20000000
constexpr int class_size = 50;

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string group_event(long long message_id, long long user_id, const std::string& text) {
  return nlohmann::json{{"time", now_ms() / 1000}, {"self_id", 10001000},  {"post_type", "message"},
                        {"message_type", "group"}, {"sub_type", "normal"},   {"message_id", message_id},
                        {"group_id", group_id},    {"user_id", user_id},
                        {"message", {{{"type", "text"}, {"data", {{"text", text}}}}}},
                        {"sender", {{"user_id", user_id}, {"nickname", "家长"}}}}
      .dump();
}

void write_line(std::ofstream& out, const std::string& secret, const std::string& body) {
  out << adapters::onebot::sign(secret, body) << '\t' << body << '\n';
}

int bodies(const std::string& path, const std::string& secret, long long first_id, long long count) {
  std::ofstream out(path);
  // Seven in ten are acknowledgements of the open letter, the rest the chat a class group has.
  const char* chat[] = {"好的，谢谢老师", "明天几点到校？", "孩子今天有点咳嗽，请假一天", "辛苦了"};
  for (long long i = 0; i < count; ++i) {
    const long long parent = first_parent + (i * 7) % class_size;
    const std::string text = i % 10 < 7 ? "收到" : chat[i % 4];
    write_line(out, secret, group_event(first_id + i, parent, text));
  }
  return out ? 0 : 1;
}

int setup(const std::string& path, const std::string& secret) {
  std::ofstream out(path);
  long long id = 1;
  for (int i = 0; i < class_size; ++i) {
    write_line(out, secret, group_event(id++, first_parent + i, "/绑定 学生" + std::to_string(i + 1) + " 妈妈"));
  }
  write_line(out, secret, group_event(id++, first_parent - 1, "/告家长书 期末考试安排 截止:3天后\n请家长督促孩子按时作息。"));
  return out ? 0 : 1;
}

int reminders(const std::string& path, long long pending, long long soon, std::int64_t start_ms) {
  store::Database db(path);
  const std::int64_t now = now_ms();
  const core::ChatRef chat{"onebot", core::ChatKind::group, std::to_string(group_id)};
  SQLite::Transaction transaction(db.sql());
  store::Classes classes(db.sql());
  classes.link(chat, classes.create("三年级2班", now).id, std::nullopt, now);
  store::Reminders rows(db.sql());
  for (long long i = 0; i < pending; ++i) {
    store::ReminderRow r;
    r.kind = "custom";
    r.due_at = now + 30LL * 24 * 3600 * 1000 + i;  // a month away, one a millisecond
    r.chat = chat;
    r.text = "远期提醒";
    rows.add(r, now);
  }
  for (long long i = 0; i < soon; ++i) {
    store::ReminderRow r;
    r.kind = "custom";
    r.due_at = start_ms + i * 10'000 / (soon > 0 ? soon : 1);
    r.chat = chat;
    r.text = "测试提醒";
    rows.add(r, now);
  }
  transaction.commit();
  return 0;
}

int fanout(const std::string& path, int groups, long long messages) {
  store::Database db(path);
  const std::int64_t now = now_ms();
  SQLite::Transaction transaction(db.sql());
  store::Classes classes(db.sql());
  const auto klass = classes.create("年级群", now).id;
  std::vector<core::ChatRef> chats;
  for (int g = 0; g < groups; ++g) {
    chats.push_back({"onebot", core::ChatKind::group, std::to_string(800000000 + g)});
    classes.link(chats.back(), klass, std::nullopt, now);
  }
  store::Outbox outbox(db.sql());
  for (long long i = 0; i < messages; ++i) {
    core::OutgoingMessage m;
    m.chat = chats[static_cast<std::size_t>(i % groups)];
    m.text = "第" + std::to_string(i / groups + 1) + "条通知";
    outbox.enqueue(m, now);
  }
  transaction.commit();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> a(argv + 1, argv + argc);
  try {
    if (a.size() == 5 && a[0] == "bodies") return bodies(a[1], a[2], std::stoll(a[3]), std::stoll(a[4]));
    if (a.size() == 3 && a[0] == "setup") return setup(a[1], a[2]);
    if (a.size() == 5 && a[0] == "reminders") return reminders(a[1], std::stoll(a[2]), std::stoll(a[3]), std::stoll(a[4]));
    if (a.size() == 4 && a[0] == "fanout") return fanout(a[1], std::stoi(a[2]), std::stoll(a[3]));
  } catch (const std::exception& e) {
    std::cerr << "bench_tool: " << e.what() << "\n";
    return 1;
  }
  std::cerr << "usage: bench_tool bodies OUT SECRET FIRST_ID COUNT | setup OUT SECRET | reminders DB PENDING SOON START_MS"
               " | fanout DB GROUPS MESSAGES\n";
  return 2;
}
