// The `annals` program: dispatches to a subcommand, git style.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <iostream>
#include <string>
#include <vector>

#include "cli.hpp"

namespace annals::cli {

const std::vector<Command>& commands() {
  static const std::vector<Command> kCommands = {
      {"shell", "the REPL: type queries and dot-commands (.help); runs stdin as a script", cmd_shell},
      {"load", "load RDF files into a store (one transaction)", cmd_load},
      {"query", "run a SPARQL query on a store and write its results", cmd_query},
      {"update", "run a SPARQL Update request on a store (one transaction)", cmd_update},
      {"purge", "erase a graph's or an entity's facts across all time (logged, needs --reason)", cmd_purge},
      {"serve", "the SPARQL endpoint over HTTP, with a query page at /", cmd_serve},
      {"dump", "write every current fact of a store, with its valid time", cmd_dump},
      {"convert", "parse an RDF file and write it in another format, no store", cmd_convert},
      {"demo", "build the demo graph (a DW article on the Taliban and Pakistan) in a store", cmd_demo},
      {"stats", "counts of a store: quads, facts, graphs, predicates, transactions, bytes", cmd_stats},
      {"log", "the transactions of a store", cmd_log},
      {"compact", "rewrite a store's files compactly (after large loads)", cmd_compact},
      {"config", "show or set a store's settings: its default-graph rule", cmd_config},
      {"check", "verify a store: checksums, indexes, dictionary, statistics (exit 0 or 3)", cmd_check},
      {"backup", "add a consistent backup of a store to a directory (beside a writer too)", cmd_backup},
      {"restore", "restore a store from the latest backup in a directory", cmd_restore},
      {"version", "the program's and the store format's versions", cmd_version},
  };
  return kCommands;
}

namespace {

// A standard descriptor the caller closed (annals dump >&-) would be the next file opened:
// a store file would become stdout, and the dump would be written into it. Each closed one
// is taken by /dev/null opened the other way round, so that using it still fails as on a
// closed descriptor (EBADF), and finish_stdout reports it.
void hold_closed_std_fds() {
  for (int fd = 0; fd <= 2; ++fd) {
    if (fcntl(fd, F_GETFD) != -1 || errno != EBADF) continue;
    int held = open("/dev/null", fd == 0 ? O_WRONLY : O_RDONLY);
    if (held >= 0 && held != fd) {
      dup2(held, fd);
      close(held);
    }
  }
}

void print_help(std::ostream& out) {
  out << "usage: annals [COMMAND] [OPTIONS]\n\n"
         "Without a command, annals opens the REPL (annals shell) on the store: the default store\n"
         "is created with the demo graph on first use.\n\n"
         "commands:\n";
  for (const auto& c : commands()) {
    out << "  " << c.name << std::string(10 - std::string(c.name).size(), ' ') << c.summary << '\n';
  }
  out << "\n'annals COMMAND --help' describes a command. The store is --store DIR, or $ANNALS_STORE,\n"
         "or $XDG_DATA_HOME/annals (~/.local/share/annals).\n";
}
}  // namespace

}  // namespace annals::cli

int main(int argc, char** argv) {
  using namespace annals::cli;
  hold_closed_std_fds();
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || (args[0].starts_with("--store") || args[0] == "-s")) {
    return finish_stdout(cmd_shell(args));
  }
  const std::string& name = args[0];
  if (name == "--help" || name == "-h" || name == "help") {
    print_help(std::cout);
    return finish_stdout(kExitOk);
  }
  if (name == "--version" || name == "-V") return finish_stdout(cmd_version({}));
  for (const auto& c : commands()) {
    if (name == c.name) return finish_stdout(c.run({args.begin() + 1, args.end()}));
  }
  std::cerr << "annals: unknown command '" << name << "'\n\n";
  print_help(std::cerr);
  return kExitUsage;
}
