#pragma once
// Classes (班级) and the platform groups linked to them.

#include <SQLiteCpp/SQLiteCpp.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bot/core/message.hpp"

namespace jiaxiao::store {

struct ClassRow {
  std::int64_t id = 0;
  std::string name;
};

/// A group linked to a class, with the WeCom group robot key that lets the bot push to it.
struct LinkedChat {
  core::ChatRef chat;
  std::optional<std::string> webhook_key;
  bool unreachable = false;  // the platform said the bot was removed or the chat is gone
  bool committee = false;    // the class's 家委会 group: committee meetings go here, letters to parents do not
};

/// Repository of classes and their groups (one connection; no transactions of its own).
class Classes {
 public:
  explicit Classes(SQLite::Database& db) : db_(db) {}

  std::optional<ClassRow> find(const std::string& name);
  std::optional<ClassRow> by_id(std::int64_t id);
  /// Creates the class, or returns the existing one of that name; `created` says which.
  ClassRow create(const std::string& name, std::int64_t now_ms, bool* created = nullptr);
  /// The class a group is linked to.
  std::optional<ClassRow> class_of(const core::ChatRef& chat);
  /// Links (or re-links) a group to a class, as its 家委会 group when `committee`; a given webhook key
  /// replaces the stored one. Returns the chat's row id.
  std::int64_t link(const core::ChatRef& chat, std::int64_t class_id, const std::optional<std::string>& webhook_key,
                    std::int64_t now_ms, bool committee = false);
  /// The groups of a class, oldest link first.
  std::vector<LinkedChat> chats(std::int64_t class_id);
  /// Every class, by name.
  std::vector<ClassRow> all();

 private:
  SQLite::Database& db_;
};

}  // namespace jiaxiao::store
