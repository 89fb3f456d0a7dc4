#include "bot/adapters/onebot/config.hpp"

namespace jiaxiao::adapters::onebot {

void read_settings(config::ObjectReader& r, config::Config& config) {
  auto& s = settings(config);
  r.boolean("enabled", s.enabled);
  r.text("secret", s.secret);
  r.text("api_base", s.api_base);
  r.text("access_token", s.access_token);
  if (!config::has_http_scheme(s.api_base)) r.problem("api_base", "must start with http:// or https://");
}

}  // namespace jiaxiao::adapters::onebot
