#pragma once
// Sending pace per target (a group or a person) and per platform: token buckets, so that a busy class
// waits for its own limit without delaying the others, and a platform's account is never burst
// (QQ risk control, WeCom's 20 messages a minute per group robot: shared/PROTOCOLS.md).

#include <cstdint>
#include <map>
#include <string>

#include "bot/core/message.hpp"

namespace jiaxiao::net {

/// `per_minute` tokens flow in each minute up to `burst`; 0 per minute means no limit.
struct Rate {
  double per_minute = 0;
  double burst = 1;
};

/// A token bucket on a millisecond clock the caller passes in (so tests use a fake one).
class TokenBucket {
 public:
  TokenBucket() = default;
  TokenBucket(Rate rate, std::int64_t now_ms) : rate_(rate), tokens_(rate.burst), at_ms_(now_ms) {}
  /// True (and one token taken) when a token is there at `now_ms`.
  bool try_take(std::int64_t now_ms);
  bool available(std::int64_t now_ms);
  /// The earliest time a token is there.
  std::int64_t next_ms(std::int64_t now_ms);

 private:
  void refill(std::int64_t now_ms);
  Rate rate_;
  double tokens_ = 1;
  std::int64_t at_ms_ = 0;
};

/// The limits of one platform.
struct PlatformPace {
  Rate group;     // per group chat
  Rate person;    // per private chat
  Rate platform;  // all chats of the platform together
};

/// Decides whether a message may go to a chat now. Thread: one thread (the outbox loop).
class Pacer {
 public:
  explicit Pacer(std::map<std::string, PlatformPace> paces) : paces_(std::move(paces)) {}
  /// True, taking one token of the chat's and the platform's buckets, when both have one.
  bool try_send(const core::ChatRef& chat, std::int64_t now_ms);
  /// The earliest time `try_send` could succeed for this chat.
  std::int64_t next_ms(const core::ChatRef& chat, std::int64_t now_ms);

 private:
  TokenBucket& chat_bucket(const core::ChatRef& chat, std::int64_t now_ms);
  TokenBucket& platform_bucket(const std::string& platform, std::int64_t now_ms);
  std::map<std::string, PlatformPace> paces_;
  std::map<std::string, TokenBucket> chats_, platforms_;
};

}  // namespace jiaxiao::net
