#include "handlers/help/help.hpp"

namespace jiaxiao::handlers::help {

namespace {

std::string command_line(const CommandSpec& spec) {
  std::string line = "/" + spec.name;
  for (const auto& alias : spec.aliases) line += " (/" + alias + ")";
  return line + " — " + spec.summary;
}

void run(Context& ctx, const core::ParsedCommand& command) {
  if (command.argv.empty()) {
    std::string text = "你可以使用的命令：";
    for (const auto& spec : ctx.registry.commands()) {
      if (!allowed(*spec.permission, ctx.access)) continue;
      text += "\n" + command_line(spec);
      if (spec.permission->where == Where::private_chat) text += "（私聊）";
    }
    text += "\n发送“/帮助 命令”查看某个命令的用法。";
    ctx.reply(std::move(text));
    return;
  }
  std::string wanted = command.argv.front();
  if (!wanted.empty() && wanted.front() == '/') wanted.erase(0, 1);
  if (const CommandSpec* spec = ctx.registry.find(wanted)) {
    ctx.reply(command_line(*spec) + "\n用法：" + spec->usage);
    return;
  }
  std::string text = "没有这个命令：" + wanted + "。";
  if (auto near = ctx.registry.nearest(wanted)) text += "你是不是想用 /" + *near + "？";
  text += "发送 /帮助 查看全部命令。";
  ctx.reply(std::move(text));
}

}  // namespace

void register_commands(Registry& registry) {
  registry.add({.name = "帮助",
                .aliases = {"help"},
                .usage = "/帮助 [命令]",
                .summary = "列出可用命令，或查看某个命令的用法",
                .run = run});
}

}  // namespace jiaxiao::handlers::help
