#pragma once
// This platform's row of the registry (bot/adapters/registry.cpp): what it can do, where its webhooks
// arrive, how fast it may be sent to, how its config is read and how its adapter is built.

#include "bot/adapters/registry.hpp"

namespace jiaxiao::adapters::onebot {

/// The registry's entry for this platform.
PlatformEntry platform_entry();

}  // namespace jiaxiao::adapters::onebot
