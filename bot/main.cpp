// jiaxiao (家校): a self-hosted chat bot for school class groups. See README.md.
#include "bot/app/cli.hpp"

int main(int argc, char** argv) { return jiaxiao::app::run_cli(argc, argv); }
