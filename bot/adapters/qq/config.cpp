#include "bot/adapters/qq/config.hpp"

namespace jiaxiao::adapters::qq {

void read_settings(config::ObjectReader& r, config::Config& config) {
  auto& s = settings(config);
  r.boolean("enabled", s.enabled);
  r.text("app_id", s.app_id);
  r.text("secret", s.secret);
  r.text("api_base", s.api_base);
  r.text("token_url", s.token_url);
  r.duration_or_off("timestamp_window", s.timestamp_window);
  if (s.enabled && s.secret.empty())
    r.problem("secret", "needed to check the callbacks' signatures (the bot's AppSecret)");
  if (s.enabled && s.app_id.empty()) r.problem("app_id", "needed to get the access token (the bot's AppID)");
  if (!config::has_http_scheme(s.api_base)) r.problem("api_base", "must start with http:// or https://");
  if (!config::has_http_scheme(s.token_url)) r.problem("token_url", "must start with http:// or https://");
}

}  // namespace jiaxiao::adapters::qq
