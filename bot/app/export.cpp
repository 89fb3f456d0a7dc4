#include "bot/app/export.hpp"

#include "bot/core/zone.hpp"

namespace jiaxiao::app {

using json = nlohmann::ordered_json;

namespace {

std::string csv_cell(const json& value) {
  std::string text;
  if (value.is_null()) text = "";
  else if (value.is_string()) text = value.get<std::string>();
  else if (value.is_boolean()) text = value.get<bool>() ? "是" : "否";
  else if (value.is_array()) {
    for (const auto& item : value) {
      if (!text.empty()) text += "、";
      text += item.is_string() ? item.get<std::string>() : item.dump();
    }
  } else text = value.dump();
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

}  // namespace

std::string to_csv(const ExportTable& table) {
  std::string out = "\xEF\xBB\xBF";  // BOM: Excel and WPS then read the file as UTF-8
  for (std::size_t i = 0; i < table.columns.size(); ++i) out += (i ? "," : "") + table.columns[i].second;
  out += "\r\n";
  for (const auto& row : table.rows) {
    for (std::size_t i = 0; i < table.columns.size(); ++i) {
      const auto it = row.find(table.columns[i].first);
      out += (i ? "," : "") + csv_cell(it == row.end() ? json() : *it);
    }
    out += "\r\n";
  }
  return out;
}

std::string to_json(const ExportTable& table) {
  return table.rows.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

ExportTable export_messages(store::Database& db, const store::MessageFilter& filter, const std::string& zone) {
  ExportTable table;
  table.columns = {{"id", "编号"},     {"platform", "平台"}, {"group", "群或会话"},
                   {"sender", "发送者"}, {"direction", "方向"}, {"text", "内容"},
                   {"thread", "事项编号"}, {"platform_message_id", "平台消息编号"}, {"at", "时间"}};
  for (const auto& row : store::Messages(db.sql()).export_rows(filter)) {
    table.rows.push_back({{"id", row.id},
                          {"platform", row.platform},
                          {"group", row.group},
                          {"sender", row.sender.empty() ? json() : json(row.sender)},
                          {"direction", row.direction},
                          {"text", row.text},
                          {"thread", row.thread ? json(*row.thread) : json()},
                          {"platform_message_id", row.platform_message_id.empty() ? json() : json(row.platform_message_id)},
                          {"at", core::iso_in_zone(row.at_ms, zone)}});
  }
  return table;
}

const std::vector<std::string>& exportable() {
  static const std::vector<std::string> list = {"messages"};
  return list;
}

}  // namespace jiaxiao::app
