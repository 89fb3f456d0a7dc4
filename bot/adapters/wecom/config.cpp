#include "bot/adapters/wecom/config.hpp"

#include <algorithm>
#include <cctype>

#include "bot/adapters/wecom/crypto.hpp"

namespace jiaxiao::adapters::wecom {

namespace {
/// A callback token: 1 to 32 letters and digits.
void check_token(config::ObjectReader& r, const std::string& key, const std::string& token) {
  const bool alnum = std::all_of(token.begin(), token.end(), [](unsigned char c) { return std::isalnum(c) != 0; });
  if (token.empty() || token.size() > 32 || !alnum) r.problem(key, "must be 1 to 32 letters and digits");
}

void check_aes_key(config::ObjectReader& r, const std::string& key, const std::string& value) {
  if (auto problem = encoding_aes_key_problem(value)) r.problem(key, *problem);
}

void check(config::ObjectReader& r, const WeComConfig& w) {
  if (!w.enabled) return;
  const bool app = !w.token.empty() || !w.encoding_aes_key.empty();
  const bool robot = !w.bot.token.empty() || !w.bot.encoding_aes_key.empty();
  if (!app && !robot)
    r.problems().push_back(r.path() + ": enabled but neither the app callback (token, encoding_aes_key, corp_id) "
                           "nor the smart robot callback (bot.token, bot.encoding_aes_key) is set");
  if (app) {
    check_token(r, "token", w.token);
    check_aes_key(r, "encoding_aes_key", w.encoding_aes_key);
    if (w.corp_id.empty()) r.problem("corp_id", "needed to check the app callback's receiveid");
  }
  if (robot) {
    check_token(r, "bot.token", w.bot.token);
    check_aes_key(r, "bot.encoding_aes_key", w.bot.encoding_aes_key);
  }
  if (!w.secret.empty() || !w.agent_id.empty()) {
    if (w.corp_id.empty()) r.problem("corp_id", "needed with secret and agent_id to send");
    if (w.secret.empty()) r.problem("secret", "needed with agent_id to send private messages");
    const bool digits = !w.agent_id.empty() && std::all_of(w.agent_id.begin(), w.agent_id.end(),
                                                           [](unsigned char c) { return std::isdigit(c) != 0; });
    if (!digits) r.problem("agent_id", "must be the app's AgentId (digits)");
  }
}
}  // namespace

void read_settings(config::ObjectReader& r, config::Config& config) {
  auto& s = settings(config);
  r.boolean("enabled", s.enabled);
  r.text("corp_id", s.corp_id);
  r.text("token", s.token);
  r.text("encoding_aes_key", s.encoding_aes_key);
  r.id_text("agent_id", s.agent_id);
  r.text("secret", s.secret);
  r.text("api_base", s.api_base);
  r.duration_or_off("timestamp_window", s.timestamp_window);
  r.object("bot", [&](config::ObjectReader& b) {
    b.text("token", s.bot.token);
    b.text("encoding_aes_key", s.bot.encoding_aes_key);
  });
  check(r, s);
  if (!config::has_http_scheme(s.api_base)) r.problem("api_base", "must start with http:// or https://");
}

}  // namespace jiaxiao::adapters::wecom
