// jiaxiao (家校): a self-hosted chat bot for school class groups. See README.md.
#include "bot/app/cli.hpp"

#include <sys/stat.h>

int main(int argc, char** argv) {
  // Backups, exports and the database hold families' data: whatever this process creates is private.
  ::umask(077);
  return jiaxiao::app::run_cli(argc, argv);
}
