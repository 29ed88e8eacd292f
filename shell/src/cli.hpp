// Shared pieces of the `annals` subcommands: argument parsing, the store's location, and
// printing errors with their exit codes (docs/DESIGN.md "The program").
#pragma once

#include <annals/load.hpp>
#include <annals/status.hpp>
#include <annals/store.hpp>
#include <boost/program_options.hpp>
#include <chrono>
#include <cstddef>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace annals {
struct LoadRequest;  // <annals/update.hpp>
}

namespace annals::cli {

namespace po = boost::program_options;

inline constexpr int kExitOk = 0;
inline constexpr int kExitBadInput = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitStore = 3;
inline constexpr int kExitFailed = 4;

// A subcommand: its name, a one-line summary, and what runs it with the arguments after it.
struct Command {
  const char* name;
  const char* summary;
  int (*run)(const std::vector<std::string>& args);
};
const std::vector<Command>& commands();

// A subcommand's positional arguments (FILE, QUERY, TARGET): options of their own that the
// help leaves out (the usage line names them) and a missing one is named as in the usage.
struct Positionals {
  po::options_description options;
  po::positional_options_description order;
  // The argument `name`, taking `count` words (-1: all the rest).
  Positionals& add(const char* name, const po::value_semantic* value, int count) {
    options.add_options()(name, value, "");
    order.add(name, count);
    return *this;
  }
};

// Parses a subcommand's arguments. Returns -1 to go on, or an exit code: 0 after --help,
// 2 (with a message) for a usage error.
int parse_args(const std::string& command, const std::string& usage,
               const po::options_description& opts, const Positionals& positionals,
               const std::vector<std::string>& args, po::variables_map& vm);

// The text of a query or update: the positional argument, read from stdin when it is "-",
// or the file of -f FILE ('-' is stdin too). Sets source to the file's name (for error
// places), or to `positional` for inline text. On failure prints why and sets code: 2 when
// both or neither are given, fail()'s code for a file that cannot be read.
std::optional<std::string> request_text(const po::variables_map& vm, const std::string& positional,
                                        std::string& source, int& code);

// --store, or ANNALS_STORE, or $XDG_DATA_HOME/annals, or ~/.local/share/annals.
std::string store_path(const po::variables_map& vm);
// True when store_path falls back to the default store (no --store, no ANNALS_STORE).
bool is_default_store(const po::variables_map& vm);
void add_store_option(po::options_description& opts);

// --base: an absolute IRI, or empty when not given. Sets code to 2 (with a message) for a
// relative one.
std::string base_option(const po::variables_map& vm, int& code);

// A query's or update's budget from the command line: --timeout S and --max-memory MIB.
struct Limits {
  std::optional<std::chrono::milliseconds> timeout;
  std::size_t memory_limit = std::size_t{2} << 30;  // QueryOptions' default
};
void add_limit_options(po::options_description& opts, const char* what);
// The limits given; sets code to 2 (with a message) for a value out of range.
Limits limit_options(const po::variables_map& vm, int& code);

// The columns of the terminal stdout is, or 0 when it is none.
std::size_t terminal_columns();

// How a query or update reads the store (README, "Prefixes and the default graph"):
// --union / --no-union override the store's default-graph rule (unset: the store's), and
// --no-store-prefixes makes an undeclared prefix an error (strict SPARQL).
struct Reading {
  std::optional<bool> union_default_graph;
  bool store_prefixes = true;
};
void add_reading_options(po::options_description& opts);
// Sets code to 2 (with a message) for --union with --no-union.
Reading reading_options(const po::variables_map& vm, int& code);
// The prefix table of the store at `path`, read through a read-only open; empty when there
// is no store there yet (or it cannot be read: the writer's open then says why).
std::vector<Prefix> prefixes_if_any(const std::string& path);

// From now on the files this process creates are its owner's alone (umask 077): a writer's
// tables, log and WAL hold purged facts until compaction. Called before opening a writer;
// the store itself makes a new store's directory 0700.
void owner_only_files();
// Opens the store; on failure prints the reason, sets exit_code (3) and returns nullopt.
std::optional<Store> open_store(const std::string& path, bool read_only, int& exit_code);
std::optional<Store> open_store(const std::string& path, StoreOptions options, int& exit_code);

// Prints "annals: message" (with file:line:column when known) and returns the exit code.
int fail(const Status& status);
int fail_store(const Status& status);
// Prints "annals: cannot write WHAT: REASON" (REASON from errno when not given) and returns
// 4: a full disk or a closed output is no store error (3) but a valid request that failed
// while running.
int fail_output(const std::string& what, std::string reason = {});
// Run by main() after every command: flushes and closes stdout. A write that failed, here or
// earlier, turns exit status 0 into fail_output's 4, so no command reports success having
// lost its output; another status stays (its message is out already).
int finish_stdout(int code);

// Register each group's commands (defined in the cmd_*.cpp files).
int cmd_load(const std::vector<std::string>& args);
int cmd_dump(const std::vector<std::string>& args);
int cmd_convert(const std::vector<std::string>& args);
int cmd_stats(const std::vector<std::string>& args);
int cmd_log(const std::vector<std::string>& args);
int cmd_compact(const std::vector<std::string>& args);
int cmd_config(const std::vector<std::string>& args);
int cmd_version(const std::vector<std::string>& args);
int cmd_query(const std::vector<std::string>& args);
int cmd_update(const std::vector<std::string>& args);
int cmd_purge(const std::vector<std::string>& args);
int cmd_demo(const std::vector<std::string>& args);
int cmd_shell(const std::vector<std::string>& args);
int cmd_serve(const std::vector<std::string>& args);
int cmd_check(const std::vector<std::string>& args);
int cmd_backup(const std::vector<std::string>& args);
int cmd_restore(const std::vector<std::string>& args);

// SPARQL Update's LOAD hook (cmd_update.cpp): a local file (a file: IRI or a path) into the
// request's transaction; another scheme is kNotSupported.
Result<std::uint64_t> load_local(WriteTxn& txn, const LoadRequest& request);

// The demo graph: the bytes of shell/demo/demo.trig (generated demo_trig.cpp), and loading
// them into a store in one transaction ("demo graph"). A store whose default graph already
// describes the demo's article is left as it is (LoadResult with tx.number 0).
std::string_view demo_trig();
Result<LoadResult> load_demo(Store& store);

}  // namespace annals::cli
