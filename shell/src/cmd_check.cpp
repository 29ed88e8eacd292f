// Subcommands that keep a store safe: check (verify it), backup and restore, each offline or
// beside a writer.
#include <cstdio>
#include <iostream>

#include <annals/backup.hpp>
#include <annals/check.hpp>

#include "cli.hpp"

namespace annals::cli {

int cmd_check(const std::vector<std::string>& args) {
  po::options_description opts(
      "Verifies a store: the checksums of its files, its six quad indexes and its time index\n"
      "agreeing fact for fact, the dictionary (every id an index uses has its term), the\n"
      "transaction log and the statistics against a recount. It reads one consistent state of\n"
      "the store, opened read-only, so it may run beside a writer. Prints 'ok: ...' and exits 0,\n"
      "or prints one line per problem and exits 3.\n\noptions");
  add_store_option(opts);
  opts.add_options()("no-checksums", "skip reading every table file whole for its checksums")(
      "max-problems", po::value<std::size_t>()->default_value(100),
      "list this many problems, then only their number");
  po::variables_map vm;
  const std::string usage = "[--store DIR] [--no-checksums] [--max-problems N]";
  if (int rc = parse_args("check", usage, opts, {}, args, vm); rc >= 0) return rc;
  int code = kExitOk;
  auto store = open_store(store_path(vm), true, code);
  if (!store) return code;
  CheckOptions options;
  options.checksums = !vm.count("no-checksums");
  options.max_problems = vm["max-problems"].as<std::size_t>();
  auto report = store->check(options);
  if (!report) return fail_store(report.status());
  auto n = [](std::uint64_t v) { return static_cast<unsigned long long>(v); };
  if (report->ok()) {
    std::printf("ok: %llu facts (%llu current) of %llu quads, %llu terms, %llu transactions",
                n(report->facts), n(report->current), n(report->quads), n(report->terms),
                n(report->transactions));
    if (report->aborted) std::printf(" (%llu aborted)", n(report->aborted));
    if (options.checksums) std::printf(", %llu files checksummed", n(report->files));
    std::printf("\n");
    return kExitOk;
  }
  for (const auto& p : report->problems) std::printf("%s\n", p.c_str());
  if (report->problem_count > report->problems.size()) {
    std::printf("... and %llu more\n", n(report->problem_count - report->problems.size()));
  }
  std::fflush(stdout);
  std::cerr << "annals: store '" << store->path() << "' has " << report->problem_count
            << (report->problem_count == 1 ? " problem\n" : " problems\n");
  return kExitStore;
}

namespace {

std::string mib(std::uint64_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f MiB", static_cast<double>(bytes) / (1 << 20));
  return buf;
}

}  // namespace

int cmd_backup(const std::vector<std::string>& args) {
  po::options_description opts(
      "Adds a consistent, checksummed backup of the store to the directory TARGET, which keeps\n"
      "every backup made into it. Beside a writer (a load, a server) the writer goes on and the\n"
      "backup holds the store after some whole transaction, copied whole; with no writer it is\n"
      "incremental (files TARGET has already are not copied again) and a writer starting\n"
      "meanwhile finds the store locked. 'annals restore TARGET --store DIR' brings it back.\n\n"
      "options");
  add_store_option(opts);
  Positionals pos;
  pos.add("target", po::value<std::string>()->required(), 1);
  po::variables_map vm;
  if (int rc = parse_args("backup", "[--store DIR] TARGET", opts, pos, args, vm); rc >= 0) {
    return rc;
  }
  const std::string target = vm["target"].as<std::string>();
  auto r = backup_store(store_path(vm), target);
  if (!r) return fail_store(r.status());
  std::printf("backup %u of transaction %llu in %s: %s, %s new%s\n", r->id,
              static_cast<unsigned long long>(r->committed), target.c_str(), mib(r->bytes).c_str(),
              mib(r->bytes_new).c_str(), r->incremental ? " (incremental)" : "");
  return kExitOk;
}

int cmd_restore(const std::vector<std::string>& args) {
  po::options_description opts(
      "Restores the latest backup in the directory TARGET into the store directory, after\n"
      "verifying its checksums. A directory that is not empty is refused without --force,\n"
      "and a store a writer holds always.\n\noptions");
  add_store_option(opts);
  opts.add_options()("force", "replace what the store directory holds");
  Positionals pos;
  pos.add("target", po::value<std::string>()->required(), 1);
  po::variables_map vm;
  if (int rc = parse_args("restore", "TARGET [--store DIR] [--force]", opts, pos, args, vm);
      rc >= 0) {
    return rc;
  }
  const std::string path = store_path(vm);
  const std::string target = vm["target"].as<std::string>();
  auto st = restore_store(target, path, vm.count("force") > 0);
  if (!st) {
    if (st.code() == StatusCode::kFailed) {
      std::cerr << "annals: " << st.message() << " (--force replaces it)\n";
      return kExitFailed;
    }
    return fail_store(st);
  }
  std::printf("restored the latest backup of %s into %s\n", target.c_str(), path.c_str());
  return kExitOk;
}

}  // namespace annals::cli
