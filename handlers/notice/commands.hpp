#pragma once
// 告家长书: letters to parents, acknowledgement by "收到" counted per student over every guardian and
// every group of the class, status, reminders and the deadline report (SPEC §2, §3; docs/notices.md).

#include "handlers/registry.hpp"

namespace jiaxiao::handlers::notice {

/// Registers /告家长书 /收到 /回执 /催回执, the ack reply hook, the reminder kinds notice_remind and
/// notice_deadline, the cancel hook and the /我的 summary. Loads the templates (throws when they fail).
void register_commands(Registry& registry, const config::Settings& config);

}  // namespace jiaxiao::handlers::notice
